// Whether Share Selection brings the chat panel up: it does, unless that would hide the editor the selection came
// from (the chat is a tab of that editor's group, in the background). Pure: no vscode import.

/** The chat panel as Share Selection finds it. */
export interface ChatPanelState {
  exists: boolean;
  visible: boolean;
  /** The group the panel is a tab of (a ViewColumn), if it exists. */
  viewColumn: number | undefined;
}

/**
 * `editorColumn` is the editor's own `viewColumn`, which VS Code leaves undefined for a side of a diff editor (Source
 * Control's Open Changes, Compare with Saved: an embedded editor); `activeGroupColumn` is the group with the focus,
 * the diff's when the selection is shared from it. Without it, a share from a diff brought the hidden chat to the
 * front of that group, over the diff.
 */
export function showChatAfterShare(panel: ChatPanelState, editorColumn: number | undefined, activeGroupColumn: number | undefined): boolean {
  if (!panel.exists) return true;
  if (panel.visible) return false;
  const from = editorColumn ?? activeGroupColumn;
  return from === undefined || panel.viewColumn !== from;
}
