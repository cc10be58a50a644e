// A message, and the names with it, as a notification or a dialog shows them. Pure.

import { cutWithEllipsis } from '../protocol/cutAt';
import { cleanLine, withoutInvisible } from '../protocol/text';
import { noIcons, noLinks } from './notificationText';
import { diffNotHere } from '../protocol/diffHunks';

/**
 * A one-line preview of a message for a notification: without controls and invisible characters, bidirectional
 * ones among them (a direct message `hi \u202eevil.exe fdp.` read `hi .pdf exe.live`; the panel shows them, a
 * notification cannot).
 */
export function preview(text: string, max = 120): string {
  const one = cleanLine(withoutInvisible(text));
  // (not between the two halves of a character outside the BMP: an emoji cut there left half of it before the …)
  return cutWithEllipsis(one, max);
}

/**
 * The notification of a mention or a direct message: who, where, what, each cleaned as `preview` does (the names
 * too: an honest server checks them, a hostile one may send anything), with no `[label](target)` link in it.
 */
export function mentionNotice(from: string, room: string | undefined, text: string): string {
  const where = room ? ` in #${preview(room, 64)}` : ' (direct message)';
  return noLinks(`${preview(from, 64)}${where}: ${preview(text)}`);
}

/** The question before a message is deleted for everyone; `from`: its author when that is someone else. */
export function deleteQuestion(from: string | undefined, room: string): string {
  const whose = from === undefined ? 'your message' : `${preview(from, 64)}'s message`;
  return noLinks(`Delete ${whose} in #${preview(room, 64)} for everyone? It cannot be brought back.`);
}

/**
 * Why a new nickname did not take: the room's refusal (`server`: its words, said as the room's, one line, cut
 * short), or the client's own word (no answer, a dropped connection); `answer` undefined: not connected.
 */
export function nickRefusal(answer: { message: string; server?: true } | undefined, nick: string): string {
  const why = answer === undefined ? 'not connected' : `${answer.server ? 'the room refused: ' : ''}${preview(answer.message, 300)}`;
  return noLinks(`TCP Chat: ${why}; you are still ${preview(nick, 64)}.`);
}

/** A path another member shared, as a notification names it (any member sends any path; the server cleans it, a hostile one need not). */
function sharedPath(path: string): string {
  return preview(path, 200);
}

/**
 * Why shared code from `path` opened in an untitled editor: `outside` the sharer's workspace (`cell`: a notebook's
 * cell, shared with no lines, of any kind of notebook), or `found` files of its name here without it. A `diff` card
 * (Share Changes): the diff opened, its lines in none of the `found` files of its path, as before the changes or after.
 */
export function untitledNotice(path: string, outside: boolean, found: number, cell: boolean, diff = false): string {
  const why = outside
    ? `${sharedPath(path)} is not in ${cell ? 'a text file of ' : ''}the sharer's workspace`
    : found > 0
      ? diff
        ? diffNotHere(sharedPath(path))
        : `no file named ${sharedPath(path.split('/').pop() ?? path)} here has the shared code`
      : `${sharedPath(path)} is not in this workspace`;
  return noLinks(`TCP Chat: ${why}; the ${diff ? 'diff' : 'shared code'} is open in an untitled editor.`);
}

/** A shared path that names no file of this workspace. */
export function notInWorkspace(path: string): string {
  return noLinks(`TCP Chat: ${sharedPath(path)} is not in this workspace.`);
}

/**
 * A conversation (`#room`, `@nick`) as a quick pick or a dialog's title names it: on one line, without invisible
 * and bidirectional characters (a hostile server's room `#a\u202egnp.exe` would read as another name) or icons.
 */
export function conversationLabel(id: string): string {
  return noIcons(noLinks(preview(id, 80)));
}
