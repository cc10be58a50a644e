// One value per key, made once even when asked for twice at once (a double click on a shared code's Open made two
// untitled editors of it: both asked before the first was made), and made anew once it is stale (closed). Pure: no
// vscode import.

export class OnePerKey<T> {
  readonly #made = new Map<string, Promise<T>>();
  readonly #stale: (value: T) => boolean;

  constructor(stale: (value: T) => boolean) {
    this.#stale = stale;
  }

  /** The value for `key`: the one made before if it is not stale, else a new one from `make`. */
  async get(key: string, make: () => PromiseLike<T>): Promise<T> {
    for (;;) {
      const pending = this.#made.get(key);
      const value = pending === undefined ? undefined : await pending.catch(() => undefined);
      if (value !== undefined && !this.#stale(value)) return value;
      // (another ask made one meanwhile: that one)
      if (this.#made.get(key) !== pending) continue;
      const making = Promise.resolve(make());
      this.#made.set(key, making);
      this.#forgetStale(key);
      try {
        return await making;
      } catch (e) {
        if (this.#made.get(key) === making) this.#made.delete(key);
        throw e;
      }
    }
  }

  /** Forgets the values gone stale (each was kept for the life of the window). */
  #forgetStale(except: string): void {
    for (const [k, p] of this.#made) {
      if (k === except) continue;
      void p.then(
        (v) => this.#stale(v) && this.#made.get(k) === p && this.#made.delete(k),
        () => this.#made.get(k) === p && this.#made.delete(k),
      );
    }
  }

  get size(): number {
    return this.#made.size;
  }
}
