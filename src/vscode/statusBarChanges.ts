// What the status bar item is told: a view only when it differs from the one it shows. Every change to a VS Code
// status bar item (a hide included) is a message to the window's main process and a redraw of the status bar, and
// the item was told at every join, leave, status, tab switch and tcpChat setting change, its text the same or not
// (out of a room: a hide of the hidden item at activation and at each setting change). Pure: no vscode import.

import type { StatusBarView } from './sessionState';

export class StatusBarChanges {
  /** What the item shows: a new item is hidden. */
  #shown: StatusBarView = { visible: false, text: '', tooltip: '', label: '', tone: 'normal' };

  /** `view` when the item is to show it (or hide, `visible` false), undefined when it shows that already. */
  next(view: StatusBarView): StatusBarView | undefined {
    const s = this.#shown;
    const same = view.visible ? s.visible && s.text === view.text && s.tooltip === view.tooltip && s.label === view.label && s.tone === view.tone : !s.visible;
    if (same) return undefined;
    this.#shown = view;
    return view;
  }
}
