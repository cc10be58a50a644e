// A message as a notification shows it. Pure.

import { cleanLine, withoutInvisible } from '../protocol/text';

/**
 * A one-line preview of a message for a notification: without controls and invisible characters, bidirectional
 * ones among them (a direct message `hi \u202eevil.exe fdp.` read `hi .pdf exe.live`; the panel shows them, a
 * notification cannot).
 */
export function preview(text: string, max = 120): string {
  const one = cleanLine(withoutInvisible(text));
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
