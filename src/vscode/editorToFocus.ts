// Which editor Escape in the chat goes back to. Pure: no vscode import.
// (`workbench.action.focusActiveEditorGroup` did it, but with the chat focused the active group is the chat's own:
// the focus stayed in the panel, on nothing, and what was typed next went nowhere.)

/**
 * The editor to give the keyboard to from the chat: the one last in use, if it is still on screen; else the first
 * one on screen outside the chat's column; else any on screen; none when no editor is on screen.
 */
export function editorToFocus<E extends { viewColumn?: number | undefined }>(visible: readonly E[], lastActive: E | undefined, chatColumn: number | undefined): E | undefined {
  if (lastActive !== undefined && visible.includes(lastActive)) return lastActive;
  return visible.find((e) => e.viewColumn !== chatColumn) ?? visible[0];
}
