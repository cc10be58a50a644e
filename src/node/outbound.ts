// A server message prepared for many recipients: encoded once per wire form (JSON line, plain UTF-8 line,
// plain ASCII line) and the same bytes shared by every socket it goes to.

import type { ServerMessage } from '../protocol/messages';
import { encodeLine } from '../protocol/codec';
import { plainText } from '../protocol/plainFormat';
import { toAscii } from '../protocol/text';
import { withAsciiNicks } from '../protocol/asciiNick';
import { asciiRoom, withAsciiRooms } from '../protocol/asciiRoom';

/** Text as a plain client receives it: ASCII (transliterated) until it has sent UTF-8 itself, then UTF-8. */
export function plainBytes(text: string, ascii: boolean): Buffer {
  return ascii ? Buffer.from(toAscii(text), 'latin1') : Buffer.from(text, 'utf8');
}

export class Outbound {
  #richBytes: Buffer | undefined;
  /** The plain wordings (null: plain clients do not see this message), in its room and elsewhere (see plain). */
  readonly #plainWords: { home?: string | null; away?: string | null } = {};
  /** Their bytes per encoding. */
  readonly #plainCache: { [K in `${'ascii' | 'utf8'}-${'home' | 'away'}`]?: Buffer | null } = {};
  /** The room this message is of, '' for none (a direct message, an error). */
  readonly #room: string;

  /** Joins and leaves may wait a little to share a write (see LAZY_MS); anything after them takes them along. */
  readonly lazy: boolean;

  constructor(readonly msg: ServerMessage) {
    this.lazy = msg.type === 'join' || msg.type === 'leave';
    this.#room = 'room' in msg && typeof msg.room === 'string' ? msg.room : '';
  }

  /** The JSON line for rich clients. */
  rich(): Buffer {
    return (this.#richBytes ??= Buffer.from(encodeLine(this.msg), 'utf8'));
  }

  /** The plain wording of the message as it is, in its room or elsewhere (every plain reader whose names need no other form shares it). */
  #words(where: 'home' | 'away', home: string): string | null {
    const kept = this.#plainWords[where];
    return kept !== undefined ? kept : (this.#plainWords[where] = plainText(this.msg, '', 'plain client', home));
  }

  /**
   * The line(s) for plain clients, or null when plain clients do not see this message. Only for messages
   * that read the same to every recipient (room events); direct messages are rendered per recipient.
   * `current`: the reader's current room (where its text goes): a line of another room starts with its name
   * (`[#dev] `), as the terminal's lines do by its prompt's room. Each of the two wordings is made once.
   */
  plain(ascii: boolean, current: string): Buffer | null {
    const where = this.#room !== '' && this.#room === current ? 'home' : 'away';
    const key = `${ascii ? 'ascii' : 'utf8'}-${where}` as const;
    const cached = this.#plainCache[key];
    if (cached !== undefined) return cached;
    // (the home of a wording away from it: '', which no room is called; as the reader is shown its name)
    const home = where === 'home' ? (ascii ? asciiRoom(this.#room) : this.#room) : '';
    // (an ASCII reader's names are their ASCII forms: asciiNick, asciiRoom. Most messages have none to change, and
    // both readers share one wording)
    const shown = ascii ? withAsciiRooms(withAsciiNicks(this.msg)) : this.msg;
    const words = shown === this.msg ? this.#words(where, home) : plainText(shown, '', 'plain client', home);
    const bytes = words === null ? null : plainBytes(words + '\n', ascii);
    this.#plainCache[key] = bytes;
    return bytes;
  }
}
