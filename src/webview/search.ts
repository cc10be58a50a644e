// Finding text in the open conversation: Ctrl+F (Cmd+F) opens a bar above the messages. The newest match is shown
// first; Enter goes to the one before it (older), Shift+Enter back (newer), Escape closes the bar. It searches the
// conversation's whole history, which the browser's own find cannot: only the rows in view are in the page.
import { h, icon } from './dom';
import { markdownText } from './markdown';
import type { Row } from './state';
import type { IconName } from './iconNames';

/**
 * The words a row is found by, as the row shows them: a message's author and text (its markdown's words, not its
 * syntax), a shared file's path, a notice, the names in a join, a leave, a rename, a kick or a role change, a topic.
 */
function searchable(row: Row): string {
  const e = row.entry;
  switch (e.type) {
    case 'message':
    case 'dm':
      if (e.type === 'message' && e.deleted) return '';
      if (e.kind === 'code') return `${e.from} ${e.code?.path ?? ''} ${e.text}`;
      return `${e.from} ${markdownText(e.text, e.kind === 'action')}`;
    case 'notice':
      return e.text;
    case 'topic':
      return `${e.by} ${e.topic}`;
    case 'join':
      return e.nick;
    case 'leave':
      return e.message ? `${e.nick} ${e.message}` : e.nick;
    case 'nick':
      return `${e.from} ${e.to}`;
    case 'kick':
      return `${e.nick} ${e.by} ${e.reason}`;
    case 'role':
      return `${e.nick} ${e.by}`;
    case 'edit':
    case 'delete':
    case 'react':
      return ''; // (they change a message's row; they have none of their own)
  }
}

/** Folds text for matching: compatibility forms as their plain letters (NFKC: "ｆｌａｋｙ" is "flaky"), lower case. */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** A row's searchable text, folded (NFKC, lower case) once: a busy room is searched again at every frame. */
const folded = new WeakMap<Row, string>();
function foldedText(row: Row): string {
  let t = folded.get(row);
  if (t === undefined) {
    t = fold(searchable(row));
    folded.set(row, t);
  }
  return t;
}

/** Keys of the rows that contain `query` (case and compatibility forms ignored: NFKC, lower case), oldest first. */
export function findRows(rows: readonly Row[], query: string): string[] {
  const q = fold(query.trim());
  if (q === '') return [];
  const out: string[] = [];
  for (const row of rows) if (foldedText(row).includes(q)) out.push(row.key);
  return out;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

export interface SearchOptions {
  /** The rows to search (the open conversation's). */
  rows: () => readonly Row[];
  /** Mark the matches and the current one (undefined: none); `go`: show the current one (scroll to it). */
  onChange: (hits: ReadonlySet<string>, current: string | undefined, go: boolean) => void;
  /** A message's row as a screen reader hears it (its row's name: who, when, what it holds); other rows by their words. */
  heard: (row: Row) => string | undefined;
  onClose: () => void;
}

export class SearchBar {
  readonly el: HTMLElement;
  readonly #input: HTMLInputElement;
  readonly #count: HTMLElement;
  /** The match on show in words, for a screen reader only: the count alone said nothing of what was found. */
  readonly #heardMatch = h('span', { class: 'sr-only' });
  #hits: string[] = [];
  #at = -1;
  readonly #o: SearchOptions;

  constructor(o: SearchOptions) {
    this.#o = o;
    this.#input = h('input', { class: 'search-input', type: 'search', placeholder: 'Find in conversation', 'aria-label': 'Find in conversation' }) as HTMLInputElement;
    this.#count = h('span', { class: 'search-count muted' });
    const button = (name: IconName, label: string, go: () => void) => {
      const b = h('button', { class: 'icon-button', type: 'button', title: label, 'aria-label': label }, icon(name));
      b.addEventListener('click', go);
      return b;
    };
    this.el = h('div', { class: 'search', role: 'search', hidden: '' },
      icon('search'), this.#input, h('span', { class: 'search-said', 'aria-live': 'polite' }, this.#count, this.#heardMatch),
      button('arrow-up', 'Older match (Enter)', () => this.#step(-1)),
      button('arrow-down', 'Newer match (Shift+Enter)', () => this.#step(1)),
      button('close', 'Close (Escape)', () => this.close()));
    this.#input.addEventListener('input', () => this.refresh(true));
    // (not while an input method composes: its Enter commits the word, its Escape cancels it)
    this.#input.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Enter' || ev.isComposing) return;
      ev.preventDefault();
      this.#step(ev.shiftKey ? 1 : -1);
    });
    // Escape closes the bar from anywhere in it: its buttons too, not only the field
    this.el.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Escape' || ev.defaultPrevented || ev.isComposing) return;
      ev.preventDefault();
      this.close();
    });
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  /** What is being looked for. */
  get query(): string {
    return this.#input.value;
  }

  /** Opens the bar (with `text`, e.g. the selection, if given) and focuses it. */
  open(text?: string): void {
    this.el.hidden = false;
    if (text) this.#input.value = text;
    this.#input.focus();
    this.#input.select();
    this.refresh(true);
  }

  close(): void {
    if (this.el.hidden) return;
    this.el.hidden = true;
    this.#hits = [];
    this.#at = -1;
    this.#o.onChange(new Set(), undefined, false);
    this.#o.onClose();
  }

  /**
   * Searches again: the query or the conversation changed (`fromEnd`: start at the newest match and show it), or
   * messages came (the current match stays, and the view with it).
   */
  refresh(fromEnd = false): void {
    if (this.el.hidden) return;
    const before = this.#hits;
    const keep = before[this.#at];
    this.#hits = findRows(this.#o.rows(), this.#input.value);
    const i = !fromEnd && keep !== undefined ? this.#hits.indexOf(keep) : -1;
    // messages came and none of them matches: nothing to count or mark anew (in a busy room this runs every frame)
    if (!fromEnd && (i >= 0 || keep === undefined) && sameKeys(before, this.#hits)) return;
    // the match on show gone (deleted, edited away): the one that took its place in the order, the view where it
    // was (it jumped to the newest match, from wherever the reader was)
    const gone = !fromEnd && keep !== undefined && i < 0;
    this.#at = i >= 0 ? i : gone ? Math.min(this.#at, this.#hits.length - 1) : this.#hits.length - 1;
    this.#show(fromEnd || (i < 0 && !gone));
  }

  #step(dir: 1 | -1): void {
    if (this.#hits.length === 0) return;
    this.#at = (this.#at + dir + this.#hits.length) % this.#hits.length;
    this.#show(true);
  }

  #show(go: boolean): void {
    const n = this.#hits.length;
    const count = this.#input.value.trim() === '' ? '' : n === 0 ? 'No results' : `${this.#at + 1} of ${n}`;
    const key = this.#hits[this.#at];
    const row = key === undefined ? undefined : this.#o.rows().find((r) => r.key === key);
    // (the match in words, as its row is heard when the keyboard is on it)
    const words = row ? `: ${(this.#o.heard(row) ?? searchable(row)).slice(0, 200)}` : '';
    // (written only when it changes: each key typed wrote "30 of 30" again, and a screen reader read it again)
    if (this.#count.textContent !== count) this.#count.textContent = count;
    if (this.#heardMatch.textContent !== words) this.#heardMatch.textContent = words;
    this.#o.onChange(new Set(this.#hits), key, go);
  }
}

/** Text nodes of a row that hold its words (not its time, nor a code card's line range or language). */
function wordNodes(row: Element): Text[] {
  const out: Text[] = [];
  const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement?.closest('time, .code-card-range, .code-card-lang') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) out.push(n as Text);
  return out;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Ranges where `q` (folded) occurs in the text of `nodes`, which may run across them ("hi **all**" is "hi " and
 * "all"). Each character is folded as findRows folds it, so a match there is marked here too ("ｆｌａｋｙ" for
 * "flaky"): every character of the folded text remembers where its character was in the page.
 */
function rangesOf(nodes: readonly Text[], q: string, into: Range[], max: number): void {
  let text = '';
  const at: { node: Text; start: number; end: number }[] = [];
  for (const node of nodes) {
    for (const g of graphemes.segment(node.data)) {
      const f = fold(g.segment);
      text += f;
      for (let k = 0; k < f.length; k++) at.push({ node, start: g.index, end: g.index + g.segment.length });
    }
  }
  for (let i = text.indexOf(q); i !== -1 && into.length < max; i = text.indexOf(q, i + q.length)) {
    const first = at[i];
    const last = at[i + q.length - 1];
    if (!first || !last) break;
    const r = document.createRange();
    r.setStart(first.node, first.start);
    r.setEnd(last.node, last.end);
    into.push(r);
  }
}

/**
 * Marks where `query` occurs in the text of `rows` (elements in the page) with the CSS highlight "search"
 * (styled by `::highlight(search)`): no change to the rows themselves. Without the Highlight API, rows stay
 * marked as a whole only.
 */
export function markWords(rows: Iterable<Element>, query: string): Range[] {
  const registry = (globalThis.CSS as { highlights?: Map<string, unknown> } | undefined)?.highlights;
  if (!registry || typeof Highlight !== 'function') return [];
  const q = fold(query.trim());
  const hits: Range[] = [];
  const current: Range[] = [];
  for (const row of q === '' ? [] : rows) {
    const hit = row.matches('.search-hit, .search-current') ? row : row.querySelector('.search-hit, .search-current');
    if (!hit) continue;
    rangesOf(wordNodes(hit), q, hit.classList.contains('search-current') ? current : hits, 1000);
  }
  registry.set('search', new Highlight(...hits));
  registry.set('search-current', new Highlight(...current));
  return current;
}

/**
 * Scrolls each box from the range's text out to `outer` (a code card's body, a wide block of code, the list
 * itself) as far as it takes for the range to be in view, in its middle.
 */
export function revealRange(range: Range, outer: HTMLElement): void {
  for (let el = range.startContainer.parentElement; el; el = el === outer ? null : el.parentElement) {
    if (el.scrollHeight <= el.clientHeight && el.scrollWidth <= el.clientWidth) continue;
    const r = range.getBoundingClientRect();
    const b = el.getBoundingClientRect();
    if (r.top < b.top || r.bottom > b.bottom) el.scrollTop += r.top - b.top - (el.clientHeight - r.height) / 2;
    if (r.left < b.left || r.right > b.right) el.scrollLeft += r.left - b.left - (el.clientWidth - r.width) / 2;
  }
}
