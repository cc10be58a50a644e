// What a panel with no webview (closed, or hidden: a hidden webview is torn down) is told once it has one again:
// what only the moment said, which the snapshot it then gets does not hold.
import type { ServerMessage, ToPanel } from '../shared/panelMessages';
import { errorText } from '../protocol/errorText';

/** Messages kept for the next webview, at most (the oldest go first). */
export const MAX_HELD = 20;

/**
 * Whether `msg`, posted while no webview is ready, is kept for the next one: a notice; a refused message's or
 * edit's text, which goes back into the composer (a message refused while the panel was hidden was gone, text and
 * all, with no word of it).
 */
export function heldForNextPanel(msg: ToPanel): boolean {
  return msg.type === 'notice' || msg.type === 'sendRefused' || msg.type === 'editRefused';
}

/** The notice to hold for a server message no webview got: the room's refusal of something (its words). */
export function noticeOfUnseen(m: ServerMessage): ToPanel | undefined {
  if (m.type !== 'error') return undefined;
  return { type: 'notice', level: 'error', text: errorText(m) };
}
