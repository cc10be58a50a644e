// Leaving a room from the terminal (join, or the host's own seat): what was typed or pasted still goes out first,
// at the room's pace, and what never reached the room is printed whole to send again, never dropped without a word.

import type { ChatClient } from '../node/chatClient';
import { cleanLine, cleanText } from '../protocol/text';

/** A room that stops acknowledging for this long is taken as not answering. */
const PATIENCE_MS = 5000;

/**
 * Waits for the server's acks of what `client` still has on the way, for as long as they keep coming (saying so
 * first when `tell`: a paste of many lines takes seconds), until `stopped()` (a second Ctrl+C); then prints what
 * was not sent, each line as it would be typed again. Returns how many were not sent. `write` prints a line:
 * `asTyped` for one to send again (a terminal shows it unbroken, to be copied), else a line of the chat's.
 * `listing` runs once the waiting is over, before that list: a terminal takes its messages still waiting for the
 * room off the screen (listed, they would show twice), and gives the lines it read and never handled (a paste past
 * its read-ahead), which are listed after them, as typed. `leave`, when given, leaves the chat before the list if
 * what went out is not all acknowledged on a live connection (waiting stopped, or the room stopped answering): the
 * room takes the lines before the `bye`, and its copies of them, read after the list, showed said what it listed
 * to send again (sent twice). The host's own seat leaves by closing its room (leaveOwnRoom). Once the connection
 * closed (leave's own end: at most a second, two for a room's close), the list is what never came back. The caller
 * leaves after, as ever (leaving twice does nothing more). `closesRoom`: `leave` is the room's close (the host's
 * own seat), which says and answers what the room read before it ends the connection: what is listed after it never
 * reached the room, unless it went out on a connection that dropped before (`beforeDrop`), and only that is said to
 * have maybe reached it. A join's `bye` is no such end: a room that stopped answering may read its lines still.
 */
export async function sendBeforeLeaving(client: Pick<ChatClient, 'unacknowledged' | 'connected' | 'flush' | 'unsent'>, tell: boolean, stopped: () => boolean, write: (line: string, asTyped?: boolean) => void, listing: () => readonly string[] = () => [], leave?: () => Promise<void>, closesRoom = false): Promise<number> {
  const left = client.unacknowledged;
  // (not once waiting was stopped already: Ctrl+C again after `-- leaving once the 300 lines still to go went out
  // (Ctrl+C again: stop ...)` said they were on their way, and to press Ctrl+C again, right above the list of them)
  if (left > 0 && client.connected && tell && !stopped()) {
    write(`-- sending ${left === 1 ? 'the line' : `the ${left} lines`} still on the way to the room (Ctrl+C again: stop, and see what was not sent)`);
  }
  await client.flush(stopped, PATIENCE_MS);
  // (why, as it stood when the waiting ended: leaving closes the connection)
  const reason = !client.connected ? 'not connected' : stopped() ? 'you stopped waiting' : 'the room stopped answering';
  const leftFirst = leave !== undefined && client.connected && client.unacknowledged > 0;
  if (leftFirst) await leave();
  const read = listing();
  const unsent = client.unsent;
  if (unsent.length + read.length > 0) {
    const n = unsent.length + read.length;
    // (went out, not acknowledged: a drop lost the answer, or it was on its way when waiting stopped; after the room's
    // close, only one whose connection dropped before: the close answered all the room read)
    const maybe = unsent.some((m) => (leftFirst && closesRoom ? m.beforeDrop : m.maybeSent)) ? ' (some may have reached the room)' : '';
    // each line as it would be typed again (in one room, that room; across rooms, each marked with its own)
    const rooms = new Set(unsent.flatMap((m) => (m.room === undefined ? [] : [m.room])));
    // (a room's name is the server's word, kept as it said it when it was no valid name: cleaned as the prompt's)
    const where = rooms.size === 1 ? ` in #${cleanLine([...rooms][0] ?? '')}` : '';
    // (lines read and never handled alone: the room took all that went, they were behind it when the chat closed)
    const why = unsent.length === 0 && !leftFirst ? 'the chat closed first' : reason;
    write(`-- ${n} message${n === 1 ? ' was' : 's were'} not sent (${why})${maybe}; to send again${where}:`);
    for (const m of unsent) write(`${rooms.size > 1 && m.room !== undefined ? `[#${cleanLine(m.room)}] ` : ''}${cleanText(m.line)}`, true);
    for (const line of read) write(cleanText(line), true);
  }
  return unsent.length + read.length;
}
