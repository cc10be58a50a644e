// The chat once a room is hosted or joined, or a conversation asked for: the panel shown, and, when it takes the
// keyboard, the composer given it.
// Pure: no vscode import (the panel as it is asked to show itself and to post).

import type { ToPanel } from '../shared/panelMessages';

/** The chat panel as a Host Chat or a Join Chat shows it (ChatPanel). */
export interface ShownPanel {
  readonly exists: boolean;
  show(preserveFocus: boolean): void;
  post(msg: ToPanel): number;
}

/**
 * Shows the chat for the room hosted or joined. A restored room (a window reload) shows it only if its panel came
 * back (a reload with the chat closed keeps it closed), and without taking the focus. Otherwise the chat takes the
 * keyboard unless `preserveFocus` (a host with an editor open goes on in it), and the composer has it, as in a panel
 * that opens then: a panel open already gave it back to what had it before, a message row of the room left (VS Code
 * focuses the webview, not an element in it), and Join Chat from the recent rooms left the keyboard on a message.
 */
export function showRoom(panel: ShownPanel, restored: boolean, preserveFocus: boolean): void {
  if (restored) {
    if (panel.exists) panel.show(true);
    return;
  }
  panel.show(preserveFocus);
  if (!preserveFocus) panel.post({ type: 'focusComposer' });
}

/**
 * Shows the conversation the user asked for to write in (`to`: a room picked in Join a Room, a notification's Reply),
 * and gives its composer the keyboard: the panel shown gave it back to what had it before (a message row, the members,
 * the tabs), or, none, to the composer, so a room picked from the palette was typed in or not by chance. Only ever
 * for a user's action: a reload's restored rooms take no focus (showRoom).
 */
export function showToWrite(panel: ShownPanel, to: Extract<ToPanel, { type: 'activateRoom' | 'activateDm' }>): void {
  panel.show(false);
  panel.post(to);
  panel.post({ type: 'focusComposer' });
}
