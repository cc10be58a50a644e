// Who wrote each kept message of a room, under the name they go by now: a message keeps the name it was sent
// under, and the renames after it (`nick` events) say what that name became. The panel works out which messages
// are yours the same way (webview/state.ts, isOwnMessage); the terminal, which of yours a reaction is on and whose
// message /react answers. Pure: no Node, no DOM.

import type { MessageEvent, RoomEvent } from './messages';

/** A kept message and the name its author goes by now ('' when nobody in these events goes by it now). */
export interface AuthoredMessage {
  message: MessageEvent;
  authorNow: string;
}

/** The messages of `events` (a room's, oldest first), the newest first, each with its author's name now. */
export function* messagesNewestFirst(events: readonly RoomEvent[]): Generator<AuthoredMessage> {
  // from the newest event back: what each name at that point is called now
  const now = new Map<string, string>();
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === 'nick' && e.from !== e.to) {
      now.set(e.from, now.get(e.to) ?? e.to);
      // (before it, nobody was called `to`: whoever had the name before had left it)
      now.set(e.to, '');
    } else if (e.type === 'message') yield { message: e, authorNow: now.get(e.from) ?? e.from };
  }
}
