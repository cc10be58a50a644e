// The message list from the keyboard: Up / Down move from row to row (the list's one tab stop leads in), Home / End
// go to the first / last row of the whole history, PageUp / PageDown a view's height, and a focused row answers
// a few keys (reply, mention, open, copy, edit, delete, react). The list is virtual: a focused row's element may be replaced or leave
// the page, so the focus is kept by row key and put back after each render.

import { isListStep, listStep } from './listKeys';

/** What a key on a focused row asks for. */
export type RowAction = 'reply' | 'mention' | 'open' | 'copy' | 'edit' | 'delete' | 'react';

/**
 * A row's own controls (links, buttons, a code card's scrolling body). They are out of the tab order (the list is
 * one tab stop, or a screen of code cards and links would stand between the list and the composer) except in
 * the row the keyboard is on, where Tab reaches them.
 */
export const ROW_CONTROLS = 'a[href], button, [tabindex]';

/**
 * Takes a row and its controls out of the tab order (a row as it is rendered), or puts them in (`on`: the row the
 * keyboard is on, so that Shift+Tab from its first control comes back to it).
 */
export function rowControlsTabbable(row: HTMLElement, on: boolean): void {
  row.tabIndex = on ? 0 : -1;
  for (const c of row.querySelectorAll<HTMLElement>(ROW_CONTROLS)) c.tabIndex = on ? 0 : -1;
}

/** Shortcut keys on a focused row (the list's aria-keyshortcuts and docs/panel.md say them). */
export const ROW_KEYS: ReadonlyMap<string, RowAction> = new Map([['r', 'reply'], ['@', 'mention'], ['m', 'mention'], ['Enter', 'open'], ['c', 'copy'], ['e', 'edit'], ['Delete', 'delete'], ['+', 'react']]);

export interface RowKeysOptions {
  /** The scrolling list element (it holds the rendered rows, each with `data-key`). */
  list: HTMLElement;
  /** Every row key of the conversation shown, in order. */
  keys: () => readonly string[];
  /** The rendered element of a row, when it is in the page. */
  nodeFor: (key: string) => HTMLElement | undefined;
  /** Brings a row into the page (the list scrolls to it). */
  reveal: (key: string) => void;
  onAction: (key: string, action: RowAction) => void;
  /** Escape on a row: back to the composer. */
  onLeave: () => void;
  /**
   * A character typed on a row a click put the focus on (to select its text, on Open): it is typing, for the
   * composer (where the keys after it go too), not a row's shortcut.
   */
  onType: (text: string) => void;
  /**
   * A row drawn anew lacks the control of class `cls` the keyboard was on, which only a user's action shows (the
   * emoji choice): shown again, if it can be.
   */
  reopen?: (row: HTMLElement, cls: string) => void;
}

export class RowKeys {
  /** The row that has (or last had, while focus stayed in the list) the keyboard focus. */
  #focused: string | undefined;
  /** The row element whose controls are in the tab order (the focus is on it or in it). */
  #open: HTMLElement | undefined;
  /**
   * The control of the focused row that has the focus (Show more, a reaction, a link), by its class and what it
   * says (controlOf): a row drawn anew (opened in full, a reaction counted) gives it back to the same one.
   */
  #control: { cls: string; label: string } | undefined;
  readonly #o: RowKeysOptions;
  /**
   * The focus in the list came from a click (to select a message's text, on its Open), not from keys: the keyboard
   * is not on that row (its shortcut keys are typing, and the list follows what comes). Chromium's :focus-visible
   * cannot tell: a key pressed makes it match.
   */
  #clicked = false;
  /** A pointer is down in the list now: the focus it moves comes from a click. */
  #pointerDown = false;
  /** afterRender gives a redrawn row the focus back: as it had it, by a click or by keys. */
  #restoring = false;

  constructor(o: RowKeysOptions) {
    this.#o = o;
    o.list.addEventListener('keydown', (ev) => this.#onKeyDown(ev));
    o.list.addEventListener('pointerdown', () => {
      this.#pointerDown = true;
      this.#clicked = true;
    }, true);
    for (const type of ['pointerup', 'pointercancel'] as const) window.addEventListener(type, () => (this.#pointerDown = false), true);
    o.list.addEventListener('focusin', (ev) => {
      if (!this.#restoring) this.#clicked = this.#pointerDown;
      const row = ev.target instanceof Element ? ev.target.closest<HTMLElement>('.row') ?? undefined : undefined;
      // (a control of another row, clicked: that row is the one the keyboard is in now)
      const key = rowKeyOf(row ?? null);
      if (key !== undefined) this.#focused = key;
      this.#control = row && row !== ev.target && ev.target instanceof HTMLElement ? controlOf(ev.target) : undefined;
      this.#openRow(row);
    });
    o.list.addEventListener('focusout', (ev) => {
      // focus went elsewhere in the panel (not lost with a replaced element): forget the row
      const to = ev.relatedTarget;
      if (to instanceof Node && !o.list.contains(to)) this.#forget();
    });
    // the panel got the focus back (the extension's Delete confirmation, another window): the row the keyboard
    // was on gets it again (its element was replaced meanwhile, by the delete itself, and the focus was left nowhere)
    window.addEventListener('focus', () => this.afterRender());
  }

  /** After a render: a focused row whose element was replaced or left the page gets the focus back. */
  afterRender(): void {
    const key = this.#focused;
    if (key === undefined) return;
    const active = document.activeElement;
    if (active !== null && active !== document.body && active.isConnected) return;
    const row = this.rowEl(key);
    // a row gone from the conversation shown (another one shown while the window was elsewhere) is forgotten: kept,
    // the panel given the keyboard again put it on the list, not in the composer, and a render with nothing focused,
    // long after, back on that row
    if (!row && !this.#o.keys().includes(key)) {
      this.#forget();
      if (document.hasFocus()) this.#restore(this.#o.list); // (gone under the keys: they go on from what is in view)
      return;
    }
    if (!document.hasFocus()) return;
    const c = this.#control;
    if (row && c && !sameControl(row, c)) this.#o.reopen?.(row, c.cls);
    const control = row && c ? sameControl(row, c) : undefined;
    this.#restore(control ?? row ?? this.#o.list); // (no row: scrolled away; arrows start again from what is in view)
  }

  /** Gives `el` the focus back, as the keyboard or a click had it (see #clicked). */
  #restore(el: HTMLElement): void {
    this.#restoring = true;
    try {
      el.focus({ preventScroll: true });
    } finally {
      this.#restoring = false;
    }
  }

  /** The keyboard is on no row (nor in one). */
  #forget(): void {
    this.#focused = undefined;
    this.#control = undefined;
    this.#openRow(undefined);
  }

  #openRow(row: HTMLElement | undefined): void {
    if (row === this.#open) return;
    if (this.#open) rowControlsTabbable(this.#open, false);
    if (row) rowControlsTabbable(row, true);
    this.#open = row;
  }

  #onKeyDown(ev: KeyboardEvent): void {
    if (ev.defaultPrevented || ev.isComposing) return;
    // a character typed with AltGr (Windows says Ctrl+Alt) or Option (a Mac's `@` on some layouts) on a clicked
    // message is typing, as any other below: left out with the shortcuts, `@bob` arrived as `bob`
    const altChar = this.#clicked && !ev.metaKey && [...ev.key].length === 1 && (ev.getModifierState('AltGraph') || ev.altKey);
    if (!altChar && (ev.ctrlKey || ev.metaKey || ev.altKey)) return;
    const target = ev.target as HTMLElement;
    const onList = target === this.#o.list;
    const key = onList ? undefined : rowKeyOf(target);
    // keys typed in a row's own controls (a code card's buttons, Show more) are theirs, but Escape: back to the row
    // (as from the reactions; it did nothing, and the list's keys were out of reach until a click)
    if (!onList && (key === undefined || this.rowEl(key) !== target)) {
      const owner = ev.key === 'Escape' ? rowKeyOf(target.closest('.row')) : undefined;
      if (owner !== undefined) {
        ev.preventDefault();
        this.#focusRow(owner);
      }
      return;
    }
    const keys = this.#o.keys();
    if (keys.length === 0) return;
    if (isListStep(ev.key)) {
      ev.preventDefault();
      // from the list itself, Up and Down start at the edge of what is in view
      const fromList = key === undefined && (ev.key === 'ArrowUp' || ev.key === 'ArrowDown');
      const to = fromList ? this.#edgeInView(ev.key === 'ArrowUp' ? 'bottom' : 'top') : listStep(keys, key === undefined ? 0 : keys.indexOf(key), ev.key);
      if (to !== undefined) this.#focusRow(to);
      return;
    }
    switch (ev.key) {
      case 'PageUp':
      case 'PageDown':
        if (key === undefined) return; // the list itself scrolls as it always did
        ev.preventDefault();
        return this.#page(ev.key === 'PageUp' ? -1 : 1);
      case 'Escape':
        ev.preventDefault();
        return this.#o.onLeave();
      default: {
        if (key === undefined) return;
        // a row a click put the focus on: the keyboard was never on it. `e` then `legant fix` appended the text to
        // the clicked message as an edit, and Enter sent that; `r` quoted it
        if (this.#clicked) {
          if ([...ev.key].length === 1) {
            ev.preventDefault();
            this.#o.onType(ev.key);
          }
          return;
        }
        // (Shift+R or Caps Lock: R, as the docs write it)
        const action = ROW_KEYS.get(ev.key.length === 1 ? ev.key.toLowerCase() : ev.key);
        if (action === undefined) return;
        ev.preventDefault();
        return this.#o.onAction(key, action);
      }
    }
  }

  /**
   * Whether the keyboard is on a message (or in one of its controls): put there by keys, not by a click (one to
   * select a message's text or on its Open is no reading of it: the list went on following what came, before it
   * stopped and hid it below the view).
   */
  get onRow(): boolean {
    return this.#focused !== undefined && !this.#clicked && this.#o.list.contains(document.activeElement);
  }

  /** Puts the keyboard on row `key` (brought into view); false when the conversation shown has no such row. */
  focusRow(key: string): boolean {
    if (!this.#o.keys().includes(key)) return false;
    this.#focusRow(key);
    return this.#focused === key;
  }

  #focusRow(key: string): void {
    if (!this.rowEl(key)) this.#o.reveal(key);
    const row = this.rowEl(key);
    if (!row) return;
    this.#focused = key;
    row.focus({ preventScroll: true });
    this.#scrollIntoList(row);
  }

  /** Scrolls the list as little as shows the whole row (its top, if it is taller than the view). */
  #scrollIntoList(row: HTMLElement): void {
    const view = this.#o.list.getBoundingClientRect();
    const r = row.getBoundingClientRect();
    if (r.top < view.top) this.#o.list.scrollTop -= view.top - r.top;
    else if (r.bottom > view.bottom) this.#o.list.scrollTop += Math.min(r.bottom - view.bottom, r.top - view.top);
  }

  /** PageUp / PageDown on a row: the view moves by its height, and the focus to the row at its top / bottom edge. */
  #page(dir: -1 | 1): void {
    const list = this.#o.list;
    list.scrollTop += dir * Math.max(40, list.clientHeight - 40);
    // the list renders the rows now in view on the next frame
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const to = this.#edgeInView(dir < 0 ? 'top' : 'bottom');
      if (to !== undefined) this.#focusRow(to);
    }));
  }

  /** The key of the first row wholly in view from the top, or the last from the bottom (else the nearest one). */
  #edgeInView(edge: 'top' | 'bottom'): string | undefined {
    const view = this.#o.list.getBoundingClientRect();
    const rows = Array.from(this.#o.list.querySelectorAll<HTMLElement>('.row'));
    let best: HTMLElement | undefined;
    let bestDistance = Infinity;
    for (const row of edge === 'top' ? rows : rows.reverse()) {
      const r = row.getBoundingClientRect();
      if (r.top >= view.top - 1 && r.bottom <= view.bottom + 1) return rowKeyOf(row);
      const distance = edge === 'top' ? Math.abs(r.top - view.top) : Math.abs(r.bottom - view.bottom);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = row;
      }
    }
    return best ? rowKeyOf(best) : undefined;
  }

  /** The focusable row element of a key (the list's node, or the row inside its date line wrapper), when in the page. */
  rowEl(key: string): HTMLElement | undefined {
    const node = this.#o.nodeFor(key);
    if (!node) return undefined;
    return node.classList.contains('row') ? node : node.querySelector<HTMLElement>('.row') ?? undefined;
  }
}

/**
 * Which control of a row `el` is: its most specific class (a button's own, not `icon-button`), and what it says
 * without counts (a reaction's emoji, not how many): by place, a reaction taken away moved the keyboard onto the
 * next one, and Enter toggled that.
 */
function controlOf(el: HTMLElement): { cls: string; label: string } | undefined {
  const cls = [...el.classList].filter((c) => c !== 'mine').at(-1); // (`mine`: yours or not, it is the same one)
  if (cls === undefined) return undefined;
  return { cls, label: labelOf(el) };
}

const labelOf = (el: HTMLElement) => (el.textContent ?? '').replace(/\d+/g, '').trim();

/** That control in `row` drawn anew: the one of its class saying the same, else the only one of its class. */
function sameControl(row: HTMLElement, c: { cls: string; label: string }): HTMLElement | undefined {
  const all = Array.from(row.getElementsByClassName(c.cls)).filter((e): e is HTMLElement => e instanceof HTMLElement && e.matches(ROW_CONTROLS));
  return all.find((e) => labelOf(e) === c.label) ?? (all.length === 1 ? all[0] : undefined);
}

/** The key of the row `target` is (not one of its controls), if it is one. */
export function rowKeyOf(target: EventTarget | null): string | undefined {
  if (!(target instanceof HTMLElement) || !target.classList.contains('row')) return undefined;
  return target.closest<HTMLElement>('[data-key]')?.dataset.key;
}
