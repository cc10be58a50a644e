// Whether a server message the panel is given is news to it (read aloud, counted unread) or history (`history` on
// ToPanel's `server`): what a room's first entry replays, which the panel neither reads aloud nor counts.
// Pure: no vscode, no Node.

import type { ServerMessage } from '../protocol/messages';

/**
 * The events whose news the extension decides: a room's messages (read aloud, counted unread, a mention notifies),
 * its reactions (one to a message of yours is read aloud), and its edits and deletions (someone else's, of a message
 * on show, is read aloud). The client knows which replay they come in; the panel does not.
 */
export type NewsEvent = Extract<ServerMessage, { type: 'message' | 'react' | 'edit' | 'delete' }>;

const NEWS_EVENTS: ReadonlySet<ServerMessage['type']> = new Set(['message', 'react', 'edit', 'delete']);

const isNewsEvent = (m: ServerMessage): m is NewsEvent => NEWS_EVENTS.has(m.type);

/**
 * Whether `m` goes to the panel as news: a message, a reaction, an edit or a deletion when `news` says so (live, in
 * the replay after a reconnect, or come while the window reloaded); anything else always (the panel tells a replay of
 * those by its room's state: what came up to it is in it already).
 */
export function newsToPanel(m: ServerMessage, news: (e: NewsEvent) => boolean): boolean {
  return !isNewsEvent(m) || news(m);
}
