// Who wrote each kept message of a room, under the name they go by now: a message keeps the name it was sent
// under, and the renames after it (`nick` events) say what that name became. The panel works out which messages
// are yours with it (webview/state.ts, isOwnMessage); the terminal, which of yours a reaction is on and whose
// message /react answers. Pure: no Node, no DOM.

import type { MessageEvent, RoomEvent } from './messages';

/** A kept message and the name its author goes by now ('' when nobody in these events goes by it now). */
export interface AuthoredMessage {
  message: MessageEvent;
  authorNow: string;
}

/**
 * The messages among `items` (a room's, oldest first; `eventOf` gives each one's room event, undefined for one that
 * is none), the newest first, each with its item and its author's name now.
 */
export function* authorsNewestFirst<T>(
  items: readonly T[],
  eventOf: (item: T) => RoomEvent | undefined,
): Generator<AuthoredMessage & { item: T }> {
  // from the newest event back: what each name at that point is called now
  const now = new Map<string, string>();
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    const e = eventOf(item);
    if (e === undefined) continue;
    if (e.type === 'nick' && e.from !== e.to) {
      now.set(e.from, now.get(e.to) ?? e.to);
      // (before it, nobody was called `to`: whoever had the name before had left it)
      now.set(e.to, '');
    } else if (e.type === 'message') yield { item, message: e, authorNow: now.get(e.from) ?? e.from };
  }
}

/** The messages of `events` (a room's, oldest first), the newest first, each with its author's name now. */
export function* messagesNewestFirst(events: readonly RoomEvent[]): Generator<AuthoredMessage> {
  yield* authorsNewestFirst(events, (e) => e);
}

/**
 * Message `seq` of `events` (a room's, oldest first) with its author's name now, as `/react` says whose it answered
 * and a delete whose it took away; undefined when it is not among them.
 */
export function authoredMessage(events: readonly RoomEvent[], seq: number): AuthoredMessage | undefined {
  for (const m of messagesNewestFirst(events)) {
    if (m.message.seq <= seq) return m.message.seq === seq ? m : undefined;
  }
  return undefined;
}
