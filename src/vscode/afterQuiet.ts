// Runs something once a burst of pokes has gone quiet: the Settings editor writes a text setting as it is typed
// (`r`, `ro`, `rob`...), and each was a rename the whole room saw. Pure: no vscode import.

export class AfterQuiet {
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #quietMs: number;
  readonly #run: () => void;

  constructor(quietMs: number, run: () => void) {
    this.#quietMs = quietMs;
    this.#run = run;
  }

  /** Something changed: `run` once nothing more has for `quietMs` (each poke starts the wait again). */
  poke(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#run();
    }, this.#quietMs);
    this.#timer.unref?.();
  }

  /** Nothing more runs (the extension deactivates). */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
