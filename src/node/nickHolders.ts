// Who holds which nickname, by every key it is read under (nickKeys: in small letters, as written, in capitals), so
// that a name sharing any key with one held is found taken without a scan: ΝΙΚΟ in Greek beside NIKO, Ηαηκ beside Hank.

import { nickKeys } from '../protocol/names';

export class NickHolders<T> {
  readonly #byKey = new Map<string, Set<T>>();

  /** `holder` holds `nick` (under each of its keys). */
  add(nick: string, holder: T): void {
    for (const k of nickKeys(nick)) {
      const holders = this.#byKey.get(k);
      if (holders) holders.add(holder);
      else this.#byKey.set(k, new Set([holder]));
    }
  }

  /** `holder` no longer holds `nick` (the name it was added under). */
  delete(nick: string, holder: T): void {
    for (const k of nickKeys(nick)) {
      const holders = this.#byKey.get(k);
      if (!holders?.delete(holder)) continue;
      if (holders.size === 0) this.#byKey.delete(k);
    }
  }

  /** Whether someone other than `except` holds a name with key `key` (one of nickKeys'). */
  holds(key: string, except?: T): boolean {
    const holders = this.#byKey.get(key);
    return holders !== undefined && holders.size > (except !== undefined && holders.has(except) ? 1 : 0);
  }

  /** Whether someone other than `except` holds a name that shares a key with `nick`: `nick` is taken. */
  taken(nick: string, except?: T): boolean {
    return nickKeys(nick).some((k) => this.holds(k, except));
  }

  /** Who holds a name that shares a key with `nick` (each once): whom a name read as `nick` reads as. */
  holdersOf(nick: string): Set<T> {
    const found = new Set<T>();
    for (const k of nickKeys(nick)) for (const h of this.#byKey.get(k) ?? []) found.add(h);
    return found;
  }

  clear(): void {
    this.#byKey.clear();
  }
}
