// A room's member list as JSON bytes, kept between welcomes: when a crowd joins a big room, every welcome
// carries the whole list, and encoding it again for each newcomer was O(members) objects and a string of
// tens of KB each. Members who joined since the last call are appended to the same buffer (earlier views
// of it stay valid: bytes are only ever added past their end); any other change (a leave, a new nickname,
// role or away mark, a different order) rebuilds it.

import type { Member } from '../protocol/messages';

const CLOSE = Buffer.from(']');

interface Entry {
  member: Member;
  nick: string;
  role: Member['role'];
  away: boolean;
}

export class MemberListJson {
  #entries: Entry[] = [];
  #buf = Buffer.from('[');
  #len = 1;

  /** The list `[{"nick":...,"role":...},...]` (`"away":true` on a held seat) for `members` (in their order), as chunks to write in sequence. */
  chunks(members: Iterable<Member>): Uint8Array[] {
    const added: Member[] = [];
    let i = 0;
    let same = true;
    for (const m of members) {
      const e = this.#entries[i++];
      if (e === undefined) added.push(m);
      else if (e.member !== m || e.nick !== m.nick || e.role !== m.role || e.away !== (m.away === true)) {
        same = false;
        break;
      }
    }
    if (!same || i < this.#entries.length) {
      this.#restart();
      added.length = 0;
      for (const m of members) added.push(m);
    }
    for (const m of added) this.#append(m);
    return [this.#buf.subarray(0, this.#len), CLOSE];
  }

  /**
   * Someone left: the next call builds the list anew (as it would have), and until then nothing here holds the
   * member who left (a quiet room's list kept a departed peer, with what it held, until the room's next welcome).
   */
  forget(): void {
    if (this.#entries.length > 0) this.#restart();
  }

  /** An empty list, in a new buffer (what was handed out may still be waiting to be written), as big as the last. */
  #restart(): void {
    this.#entries = [];
    this.#buf = Buffer.allocUnsafe(Math.max(64, this.#len));
    this.#buf.write('[', 0, 'latin1');
    this.#len = 1;
  }

  #append(m: Member): void {
    const away = m.away === true;
    const text = (this.#entries.length > 0 ? ',' : '') + JSON.stringify(away ? { nick: m.nick, role: m.role, away } : { nick: m.nick, role: m.role });
    const need = Buffer.byteLength(text, 'utf8');
    if (this.#len + need > this.#buf.length) {
      // a new buffer: what was handed out keeps pointing at the old one, unchanged
      const bigger = Buffer.allocUnsafe(Math.max(2 * this.#buf.length, this.#len + need));
      this.#buf.copy(bigger, 0, 0, this.#len);
      this.#buf = bigger;
    }
    this.#len += this.#buf.write(text, this.#len, 'utf8');
    this.#entries.push({ member: m, nick: m.nick, role: m.role, away });
  }
}
