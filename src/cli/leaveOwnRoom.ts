// The host's own seat leaving its room (`tcp-chat host` on a terminal): its lines still on the way go out first, and
// its leaving is the room's close, so that what it lists to send again is what the room never said.

import type { ChatClient } from '../node/chatClient';
import type { ChatServer } from '../node/chatServer';
import { sendBeforeLeaving } from './sendBeforeLeaving';

/**
 * Waits for the acks of what the host's `client` still has on the way (sendBeforeLeaving, whose other arguments
 * these are), closes the room (`reason`, as its members are told), and lists what was not sent. Waiting stopped
 * (a second Ctrl+C) or the room not answering, with lines on the way, the room closes before the list: the server
 * took some of them meanwhile (read from the loopback socket, said to the others, their acks behind them), and,
 * closed after the list, it said them and its acks came in under a list that asked to send them again. A `bye`
 * first, as `join` leaves, would show the others "boss left" before the room closed: the close is this seat's
 * leaving. What the server read is said and acknowledged before its `shutdown` (ChatServer.close), and the
 * connection ends after both: the list is what it never took, and says no line of it may have reached the room
 * but one that went out on a connection that dropped before (the server may have said it then). Returns how many
 * were not sent.
 */
export async function leaveOwnRoom(client: Pick<ChatClient, 'unacknowledged' | 'connected' | 'flush' | 'unsent'>, server: Pick<ChatServer, 'close'>, reason: string, tell: boolean, stopped: () => boolean, write: (line: string, asTyped?: boolean) => void, listing: () => readonly string[]): Promise<number> {
  const unsent = await sendBeforeLeaving(client, tell, stopped, write, listing, () => server.close(reason), true);
  await server.close(reason); // (closed already when it left first: nothing more)
  return unsent;
}
