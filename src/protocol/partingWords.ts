// Parting words: what a member says as it leaves a room (`/part #dev see you`) or the chat (`/quit gone for lunch`),
// as its `leave` event carries them to the room.

import { REASON_MAX } from './limits';
import { cleanLine } from './text';
import { cutAt } from './cutAt';

/**
 * `words` as a leave event carries them: one line (line breaks and runs of white space one space), cleaned as a kick's
 * reason is (cleanLine: no control or bidirectional characters), at most REASON_MAX characters; undefined for none.
 */
export function partingWords(words: string | undefined): string | undefined {
  if (words === undefined) return undefined;
  const said = cutAt(cleanLine(words), REASON_MAX).trimEnd();
  return said === '' ? undefined : said;
}
