// Text for VS Code's notifications and dialogs. VS Code renders `[label](target)` in a notification as a link,
// `command:` targets included, and runs the command when it is clicked: a `](` in text from the network (a direct
// message, a server's refusal, a shared file's path) would be a link that runs any command. Nothing from the
// network reaches a notification but through this.

/** `text` with no `[label](target)` link left in it: `](` becomes `] (`, which no link parser takes. */
export function noLinks(text: string): string {
  return text.replace(/\]\(/g, '] (');
}

/**
 * `text` with no `$(name)` icon left in it: the status bar and quick picks draw one for it, so a hostile server's
 * room named `x · $(person) 99` would draw its own member count. VS Code shows `\$(` as written.
 */
export function noIcons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}
