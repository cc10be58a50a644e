// The frame codec's message half: one JSON object per line, UTF-8. Encoding is JSON.stringify plus a newline;
// decoding checks UTF-8, JSON and the message shape, and names what is wrong.

import type { ClientMessage, ServerMessage } from './messages';
import { decodeUtf8 } from './encoding';
import { validateClientMessage, validateServerMessage, type Validated } from './validate';

/** One message as a line of the wire format (no embedded newlines: JSON escapes them). */
export function encodeLine(msg: ClientMessage | ServerMessage): string {
  return JSON.stringify(msg) + '\n';
}

function parseJson(line: Uint8Array): Validated<unknown> {
  const text = decodeUtf8(line);
  if (text === null) return { ok: false, code: 'bad_utf8', message: 'the line is not valid UTF-8' };
  try {
    return { ok: true, msg: JSON.parse(text) as unknown };
  } catch {
    const preview = text.length > 40 ? `${text.slice(0, 40)}...` : text;
    return { ok: false, code: 'bad_json', message: `the line is not valid JSON: ${JSON.stringify(preview)}` };
  }
}

/** Decodes one line (without its newline) a client sent (`maxText`, `maxNick`: see validateClientMessage). */
export function decodeClientLine(line: Uint8Array, maxText: number, maxNick?: number): Validated<ClientMessage> {
  const parsed = parseJson(line);
  return parsed.ok ? validateClientMessage(parsed.msg, maxText, maxNick) : parsed;
}

/** Decodes one line (without its newline) the server sent. */
export function decodeServerLine(line: Uint8Array): Validated<ServerMessage> {
  const parsed = parseJson(line);
  return parsed.ok ? validateServerMessage(parsed.msg) : parsed;
}
