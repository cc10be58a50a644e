// A server message prepared for many recipients: encoded once per wire form (JSON line, plain UTF-8 line,
// plain ASCII line) and the same bytes shared by every socket it goes to.

import type { ServerMessage } from '../protocol/messages';
import { encodeLine } from '../protocol/codec';
import { plainText } from '../protocol/plainFormat';
import { toAscii } from '../protocol/text';
import { withAsciiNicks } from '../protocol/asciiNick';

/** Text as a plain client receives it: ASCII (transliterated) until it has sent UTF-8 itself, then UTF-8. */
export function plainBytes(text: string, ascii: boolean): Buffer {
  return ascii ? Buffer.from(toAscii(text), 'latin1') : Buffer.from(text, 'utf8');
}

export class Outbound {
  #richBytes: Buffer | undefined;
  /** The plain wording (null: plain clients do not see this message), then its bytes per encoding. */
  #plainWords: string | null | undefined;
  readonly #plainCache: { ascii?: Buffer | null; utf8?: Buffer | null } = {};

  /** Joins and leaves may wait a little to share a write (see LAZY_MS); anything after them takes them along. */
  readonly lazy: boolean;

  constructor(readonly msg: ServerMessage) {
    this.lazy = msg.type === 'join' || msg.type === 'leave';
  }

  /** The JSON line for rich clients. */
  rich(): Buffer {
    return (this.#richBytes ??= Buffer.from(encodeLine(this.msg), 'utf8'));
  }

  /** The plain wording of the message as it is (every plain reader whose names need no other form shares it). */
  #words(): string | null {
    if (this.#plainWords === undefined) this.#plainWords = plainText(this.msg, '');
    return this.#plainWords;
  }

  /**
   * The line(s) for plain clients, or null when plain clients do not see this message. Only for messages
   * that read the same to every recipient (room events); direct messages are rendered per recipient.
   */
  plain(ascii: boolean): Buffer | null {
    const key = ascii ? 'ascii' : 'utf8';
    const cached = this.#plainCache[key];
    if (cached !== undefined) return cached;
    // (an ASCII reader's names are their ASCII forms: asciiNick. Most messages have none to change, and both
    // readers share one wording)
    const shown = ascii ? withAsciiNicks(this.msg) : this.msg;
    const words = shown === this.msg ? this.#words() : plainText(shown, '');
    const bytes = words === null ? null : plainBytes(words + '\n', ascii);
    this.#plainCache[key] = bytes;
    return bytes;
  }
}
