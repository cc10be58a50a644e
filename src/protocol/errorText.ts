// A refusal of the server's as the panel and the extension say it.
import type { ErrorMsg } from './messages';

/** The server's words, and its suggestion where they do not name it already ("... is taken; try "ada_2""). */
export function errorText(m: Pick<ErrorMsg, 'message' | 'suggestion'>): string {
  return m.suggestion && !m.message.includes(`"${m.suggestion}"`) ? `${m.message} (try "${m.suggestion}")` : m.message;
}
