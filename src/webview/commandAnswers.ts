// The answer to a command where it was typed. A /kick, /ban, /op or /deop is answered by an event in the rooms of
// the one it names, and a /topic typed in a direct conversation by one in the room it went to: typed where no such
// event comes (#dev's tab, bob only in #general; a direct conversation), the answer showed in another tab only,
// and nothing where the user looked. What the event says is said there too.

import { parseSlash } from '../protocol/commands';
import { nickKey } from '../protocol/names';
import type { RoomEvent } from '../shared/panelMessages';

/** Commands typed and not answered yet, at most (the oldest goes). */
const MAX_ASKED = 20;
/** A command not answered within this is taken for refused (the refusal came as an error): no later event answers it. */
const ANSWER_MS = 60_000;

type Asked = { conv: string; type: 'kick' | 'ban' | 'op' | 'deop' | 'topic'; room: string; nick: string; at: number };
type Answer = Extract<RoomEvent, { type: 'kick' | 'role' | 'topic' }>;

export class CommandAnswers {
  #asked: Asked[] = [];

  /** `line` went out from conversation `conv` (`#dev`, `@bob`) for `room`, at `now` (ms since the epoch). */
  typed(conv: string, line: string, room: string, now = Date.now()): void {
    const p = parseSlash(line, room);
    if (!p.ok || p.command.cmd !== 'request') return;
    const m = p.command.msg;
    if (m.type !== 'kick' && m.type !== 'ban' && m.type !== 'op' && m.type !== 'deop' && m.type !== 'topic') return;
    const nick = 'nick' in m ? m.nick : '';
    // (the same asked again: the newer is the one answered)
    this.#asked = this.#asked.filter((a) => !(a.type === m.type && a.room === m.room && a.nick === nick));
    this.#asked.push({ conv, type: m.type, room: m.room, nick, at: now });
    if (this.#asked.length > MAX_ASKED) this.#asked.shift();
  }

  /**
   * Event `e` (by `me`) came in room conversation `at`: the conversation a command it answers was typed in, where it
   * is to be said too (answerWords); undefined when none, or when that conversation has the event itself: `at`, or
   * a room `gets(conv, nick)` says the one the event names is in (its own event comes). The command is answered.
   */
  answer(e: RoomEvent, me: string, at: string, gets: (conv: string, nick: string) => boolean, now = Date.now()): string | undefined {
    if (!isAnswer(e) || e.by !== me) return undefined;
    this.#asked = this.#asked.filter((a) => now - a.at < ANSWER_MS);
    const i = this.#asked.findIndex((a) => answers(a, e));
    const a = this.#asked[i];
    if (!a) return undefined;
    if (a.conv !== at && e.type !== 'topic' && gets(a.conv, e.nick)) return undefined;
    this.#asked.splice(i, 1);
    return a.conv === at ? undefined : a.conv;
  }
}

function isAnswer(e: RoomEvent): e is Answer {
  return e.type === 'kick' || e.type === 'role' || e.type === 'topic';
}

/** Whether event `e` is what command `a` asked for. */
function answers(a: Asked, e: Answer): boolean {
  if (e.type === 'topic') return a.type === 'topic' && a.room === e.room;
  const type = e.type === 'kick' ? (e.ban ? 'ban' : 'kick') : e.role === 'op' ? 'op' : 'deop';
  // (named as the server finds them: bob for Bob)
  return a.type === type && nickKey(a.nick) === nickKey(e.nick);
}

/** What event `e` of a command typed elsewhere says in the conversation it was typed in. */
export function answerWords(e: RoomEvent): string {
  switch (e.type) {
    case 'kick':
      return `${e.nick} was ${e.ban ? 'banned' : 'kicked'} by you (in #${e.room})${e.reason ? `: ${e.reason}` : '.'}`;
    case 'role':
      return `You made ${e.nick} ${e.role === 'op' ? 'an operator' : e.role === 'owner' ? 'the owner' : 'a member'} (in #${e.room}).`;
    case 'topic':
      return e.topic ? `You set the topic of #${e.room}: ${e.topic}` : `You cleared the topic of #${e.room}.`;
    default:
      return '';
  }
}
