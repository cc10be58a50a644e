// Finding someone by the name a reader typed: as they are called, or (an ASCII reader's only way to type a nickname
// of another alphabet) as a plain client that reads ASCII only is shown them.

import { asciiNick } from './asciiNick';
import { isPunycodeForm, nickKey } from './names';

/**
 * The key in `byKey` (keyed by nickKey) of whoever is called `name`, or, for a name in `xn--` form, of whoever a
 * plain client that reads ASCII only is shown so (asciiNick): it names them by that form (`/msg`, `/kick`, `/unban`).
 */
export function keyNamed<T>(byKey: ReadonlyMap<string, T>, name: string, nickOf: (v: T) => string): string | undefined {
  const key = nickKey(name);
  if (byKey.has(key)) return key;
  if (!isPunycodeForm(name)) return undefined;
  const shown = name.toLowerCase();
  for (const [k, v] of byKey) if (asciiNick(nickOf(v)).toLowerCase() === shown) return k;
  return undefined;
}
