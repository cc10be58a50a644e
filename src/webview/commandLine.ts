// Which composer lines are commands. The webview may import only the shared types, so this repeats the rule of
// isSlashCommand in src/protocol/commands.ts (the client's, which decides where a line goes);
// test/webview/commandLine.test.ts holds the two to the same answers.

/** A line the client takes as a command: `/` then a letter of a command name (`//` sends a text that starts with `/`). */
export function isCommand(text: string): boolean {
  return /^\/[^/\s]/.test(text);
}

/**
 * The room a `/join #room` line asks for, named as the server will name it (normalizeRoom in
 * src/protocol/names.ts: no `#`, NFC, lower case); undefined for any other line. The panel moves to that room.
 */
export function joinTarget(text: string): string | undefined {
  const m = /^\/join\s+(\S+)$/i.exec(text.trim()); // one word: more is a usage error, no join
  const room = m?.[1]?.replace(/^#/, '').normalize('NFC').toLowerCase();
  return room || undefined;
}

/**
 * A `/quit` (or `/exit`) line: the extension's to act on whatever the panel shows (a room left, a connection
 * down, the window still going back to its room after a reload), as the palette's Leave Chat is.
 */
export function isQuit(text: string): boolean {
  return /^\/(?:quit|exit)(?:\s|$)/i.test(text);
}
