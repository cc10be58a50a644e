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

/**
 * The conversation that what a webview not yet ready was asked to switch to (a notification's Reply) opens: the
 * last `activateRoom` or `activateDm` of `queued`, as `#room` or `@nick`, for the snapshot to show from the start.
 */
export function conversationToShow(queued: readonly ToPanel[]): string | undefined {
  for (let i = queued.length - 1; i >= 0; i--) {
    const m = queued[i];
    if (m?.type === 'activateRoom') return `#${m.room}`;
    if (m?.type === 'activateDm') return `@${m.nick}`;
  }
  return undefined;
}
