// Which editor Share Selection shares from, or why there is none to share from. Pure: no vscode import.

/** The parts of a vscode.TextEditor this needs. */
export interface EditorLike {
  readonly document: { readonly isClosed: boolean };
}

/**
 * The active editor; from the palette while the chat has the focus (no editor is active then), the one last in use
 * if it is still on screen. None: `why`, as the error says it. An editor still open but not on screen is behind
 * the chat, a tab of its group: "open a file" said nothing of that to someone whose file was open.
 */
export function shareSource<E extends EditorLike>(active: E | undefined, last: E | undefined, visible: readonly E[]): { editor?: E; why: string } {
  if (active !== undefined) return { editor: active, why: '' };
  if (last !== undefined && visible.includes(last)) return { editor: last, why: '' };
  if (last !== undefined && !last.document.isClosed) {
    return { why: 'the editor you were in is not on screen (behind the chat?): show it beside the chat, select the lines, then share' };
  }
  return { why: 'open a file and select the lines to share' };
}
