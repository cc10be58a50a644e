// The chat tabs a window reload left behind and VS Code has not revived: it revives a webview tab in the background
// only when the tab is first shown, and the extension knows nothing of it until then. A chat opened meanwhile (Host
// Chat, Join Chat, Show Chat, the status bar) was a second TCP Chat tab, beside the dead one, which closed when
// clicked (the serializer drops it: the chat in use is the other). Pure: no vscode import.

/**
 * Whether a tab's webview type (TabInputWebview.viewType) is the chat panel's: VS Code 1.100 gives an extension's with
 * a `mainThreadWebview-` prefix (microsoft/vscode#201884, which means to drop it).
 */
export function isChatViewType(tabViewType: string | undefined, panelViewType: string): boolean {
  return tabViewType === panelViewType || tabViewType === `mainThreadWebview-${panelViewType}`;
}

/** A tab of the window: its webview type (undefined: not a webview) and the column of its group. */
export interface TabPlace<T> {
  readonly tab: T;
  readonly viewType: string | undefined;
  readonly column: number | undefined;
}

/**
 * Where a new chat panel goes while the window has none: in the place of the first chat tab left behind (`column`;
 * undefined: none, beside the editor as before), and the tabs left behind, to close once it is open.
 */
export function newPanelPlace<T>(tabs: readonly TabPlace<T>[], panelViewType: string): { column: number | undefined; stale: T[] } {
  const stale = tabs.filter((t) => isChatViewType(t.viewType, panelViewType));
  return { column: stale[0]?.column, stale: stale.map((t) => t.tab) };
}
