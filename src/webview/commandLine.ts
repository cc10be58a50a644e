// Which composer lines are commands. The webview may import only the shared types, so this repeats the rule of
// isSlashCommand in src/protocol/commands.ts (the client's, which decides where a line goes);
// test/webview/commandLine.test.ts holds the two to the same answers.

/** A line the client takes as a command: `/` then a letter of a command name (`//` sends a text that starts with `/`). */
export function isCommand(text: string): boolean {
  return /^\/[^/\s]/.test(text);
}
