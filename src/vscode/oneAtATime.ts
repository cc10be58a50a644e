// One of a few commands at a time (Host Chat, Join Chat): a second run while one is under way (its questions, its
// port check, its connection) is told so at once. Run twice quickly, Host Chat said "cannot host: already
// connecting" while the first room started fine. Pure: no vscode import.

export class OneAtATime {
  #running: string | undefined;

  /** Runs `fn` as `what`, or throws when another is under way (saying which). */
  async run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (this.#running !== undefined) {
      throw new Error(this.#running === what ? `${what} is already under way` : `${this.#running} is under way: finish or cancel it first`);
    }
    this.#running = what;
    try {
      return await fn();
    } finally {
      this.#running = undefined;
    }
  }
}
