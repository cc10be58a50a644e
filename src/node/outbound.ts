// A server message prepared for many recipients: encoded once per wire form (JSON line, plain UTF-8 line,
// plain ASCII line) and the same bytes shared by every socket it goes to.

import type { ServerMessage } from '../protocol/messages';
import { encodeLine } from '../protocol/codec';
import { plainText } from '../protocol/plainFormat';
import { toAscii } from '../protocol/text';

export class Outbound {
  private richBytes: Buffer | undefined;
  private plainUtf8: Buffer | null | undefined;
  private plainAscii: Buffer | null | undefined;

  constructor(readonly msg: ServerMessage) {}

  /** The JSON line for rich clients. */
  rich(): Buffer {
    return (this.richBytes ??= Buffer.from(encodeLine(this.msg), 'utf8'));
  }

  /**
   * The line(s) for plain clients, or null when plain clients do not see this message. Only for messages
   * that read the same to every recipient (room events); direct messages are rendered per recipient.
   */
  plain(ascii: boolean): Buffer | null {
    if (ascii) {
      if (this.plainAscii === undefined) {
        const t = plainText(this.msg, '');
        this.plainAscii = t === null ? null : Buffer.from(toAscii(t) + '\n', 'latin1');
      }
      return this.plainAscii;
    }
    if (this.plainUtf8 === undefined) {
      const t = plainText(this.msg, '');
      this.plainUtf8 = t === null ? null : Buffer.from(t + '\n', 'utf8');
    }
    return this.plainUtf8;
  }
}
