// What the terminal says on joining a room, as IRC gives a topic and the names on a join: the room's topic, and who
// is in it.

import type { Member, ServerMessage } from '../protocol/messages';
import { whoName } from '../protocol/plainFormat';
import { withCommas } from '../protocol/counts';
import { cleanLine } from '../protocol/text';

/** The names a join lists at most (a room of 1,000 would fill the screen: /who lists them all). */
export const INTRO_NAMES = 20;

/**
 * The lines (as the server's `info` would say them) for joining `room`: its topic if it has one, and its people if
 * anyone but you is there (in a room of your own there is nothing to say).
 */
export function roomIntro(room: { name: string; topic: string; members: readonly Member[] }, me: string): ServerMessage[] {
  const lines: ServerMessage[] = [];
  // (the server's names and topic, each on one line: a name `eve\nboss: hi` put a line of boss's under the list)
  const name = cleanLine(room.name);
  const topic = cleanLine(room.topic);
  if (topic !== '') lines.push({ type: 'info', text: `Topic for #${name}: ${topic}` });
  if (room.members.some((m) => m.nick !== me)) {
    const shown = room.members.slice(0, INTRO_NAMES).map((m) => whoName({ ...m, nick: cleanLine(m.nick) })).join(' ');
    const more = room.members.length - INTRO_NAMES;
    lines.push({ type: 'info', text: `In #${name} (${withCommas(room.members.length)}): ${shown}${more > 0 ? ` and ${withCommas(more)} more (/who lists them)` : ''}` });
  }
  return lines;
}
