// The composer: a growing textarea. Enter sends, Shift+Enter adds a line, Up/Down walk the sent history
// (when the caret is on the first/last line), Escape gives focus back to the editor. Drafts are kept per room.
import { Autocomplete, type CompletionSource } from './autocomplete';
import { isSlashCommand } from '../protocol/commands';
import { withCommas } from '../protocol/counts';
import type { Measured } from './refusedLength';
import { h, icon } from './dom';
import { typeInto } from './typeInto';
import { closedEmojiName } from '../protocol/emojiCompletion';
import EMOJI from 'markdown-it-emoji/lib/data/full.mjs'; // (the names messages show as their emoji: see markdown.ts)

export interface ComposerOptions extends CompletionSource {
  /** Sends the text; false when there is nowhere to send it yet (no room): the composer then keeps it. */
  onSubmit: (text: string) => boolean;
  onTyping: () => void;
  onEscape: () => void;
  onDraftChange: (text: string) => void;
  /** PageUp / PageDown in the composer scroll the messages. */
  onPage: (dir: -1 | 1) => void;
  history: string[];
  /**
   * What the room measures of a line and the most it takes of it (`asText`: an edit's new text, never a command): a
   * count shows from 90% of it. Undefined: nothing is measured (a command other than /me, /msg, /edit, /topic).
   */
  measure: (line: string, asText: boolean) => Measured | undefined;
}

const TYPING_EVERY_MS = 3000;
const HISTORY_MAX = 100;
/**
 * The text Up's history keeps at most, all of it together (UTF-16 units): it is saved with the drafts at every key,
 * and 100 messages of 16 K characters made each key save 1.6 MB (2.5 ms to encode, then sent to the extension).
 */
const HISTORY_UNITS = 64 * 1024;

/** Keys that move the caret without typing. */
const CARET_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown']);

export class Composer {
  readonly el: HTMLElement;
  readonly input: HTMLTextAreaElement;
  readonly #ac: Autocomplete;
  /** Position in history while walking it with Up/Down; history.length means "the draft". */
  #hpos: number;
  #stash = '';
  #lastTyping = 0;
  /** "15,000 / 16,384", shown near and over the room's limit. */
  readonly #count: HTMLElement;
  readonly #countSaid: HTMLElement;
  /** What the count last said to a screen reader: its level, and of what limit. */
  #countLevel = 'under';
  /** While a sent message is being edited here: what was being written before (it comes back), and where the text goes. */
  #editing: { saved: string; onSave: (text: string) => boolean; onEnd: (() => void) | undefined } | undefined;
  readonly #editBar: HTMLElement;
  /** The placeholder asked for, and the shorter one for a box too narrow for it (see setPlaceholder). */
  #hint: { text: string; short: string | undefined } = { text: '', short: undefined };
  /** Measures the hint's width (made at the first measure; null where the browser gives no 2D canvas). */
  #measure: CanvasRenderingContext2D | null | undefined;
  readonly #o: ComposerOptions;

  constructor(o: ComposerOptions) {
    this.#o = o;
    this.#hpos = o.history.length;
    this.input = h('textarea', {
      class: 'composer-input', rows: '1', 'aria-label': 'Message', 'aria-autocomplete': 'list',
      // (Hebrew or Arabic typed shows right to left, as the message it sends will: it showed left to right)
      'aria-controls': 'autocomplete', spellcheck: 'true', dir: 'auto',
    });
    this.#ac = new Autocomplete(this.input, o);
    const send = h('button', { class: 'composer-send icon-button', type: 'button', title: 'Send (Enter)', 'aria-label': 'Send' }, icon('send'));
    send.addEventListener('click', () => {
      this.#submit();
      this.input.focus();
    });
    this.#count = h('div', { class: 'composer-count', id: 'composer-count', hidden: '' });
    // (the count itself is not read at every key: that the text nears the limit, or passes it, is, once)
    this.#countSaid = h('div', { class: 'sr-only', id: 'composer-limit', 'aria-live': 'polite' });
    const cancel = h('button', { class: 'icon-button composer-edit-cancel', type: 'button', title: 'Cancel the edit (Escape)', 'aria-label': 'Cancel the edit' }, icon('close'));
    cancel.addEventListener('click', () => {
      this.#endEdit();
      this.input.focus();
    });
    // the words in one element: as flex items of their own they wrapped into two ragged columns
    this.#editBar = h('div', { class: 'composer-edit', hidden: '', role: 'status' }, icon('edit'),
      h('span', { class: 'composer-edit-text' }, 'Editing your message', h('span', { class: 'muted' }, ' · Enter saves · Escape cancels')), cancel);
    this.el = h('div', { class: 'composer-wrap' }, this.#ac.el, this.#editBar, this.#count, this.#countSaid, h('div', { class: 'composer' }, this.input, send));
    this.input.addEventListener('keydown', (ev) => this.#onKey(ev));
    this.input.addEventListener('input', (ev) => {
      // (its emoji in place of a name whose closing colon was just typed: that edit's own input event does the rest)
      if (ev instanceof InputEvent && ev.inputType === 'insertText' && ev.data === ':' && this.#emojiForName()) return;
      this.#onInput();
    });
    this.input.addEventListener('click', () => this.#ac.refresh());
    // (a caret moved by the keyboard too: the list was for the word it had left, and Enter put it where the caret was)
    this.input.addEventListener('keyup', (ev) => {
      if (CARET_KEYS.has(ev.key)) this.#ac.refresh();
    });
    this.input.addEventListener('blur', () => this.#ac.close());
    new ResizeObserver(() => this.#fitHint()).observe(this.input);
  }

  /**
   * The hint in the empty box, and the box's accessible name. `short`: what the hint says where `text` does not
   * fit the box's width (it was cut off mid-word: "Message #general (Enter to se…"); chosen again as the box
   * is resized.
   */
  setPlaceholder(text: string, label: string, short?: string): void {
    this.#hint = { text, short };
    this.#fitHint();
    if (this.input.getAttribute('aria-label') !== label) this.input.setAttribute('aria-label', label);
  }

  #fitHint(): void {
    const { text, short } = this.#hint;
    let shown = text;
    if (this.input.clientWidth > 0) {
      this.#measure ??= document.createElement('canvas').getContext('2d');
      const m = this.#measure;
      if (m) {
        const style = getComputedStyle(this.input);
        m.font = style.font;
        const room = this.input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        if (short !== undefined && m.measureText(text).width > room) shown = short;
        // a textarea cuts its placeholder hard (text-overflow works on an <input> only): the ellipsis is put here
        const chars = Array.from(shown);
        while (chars.length > 1 && m.measureText(shown).width > room) {
          chars.splice(-2, 2, '…');
          shown = chars.join('');
        }
      }
    }
    if (this.input.placeholder !== shown) this.input.placeholder = shown;
  }

  get value(): string {
    return this.input.value;
  }

  /** What is being written: the text, or while a message is being edited, what was there before the edit. */
  get draft(): string {
    if (this.#editing) return this.#editing.saved;
    // a sent message brought back by Up, unchanged, is no draft: the one set aside is (Up then a switch of
    // conversation, or a reload of the panel, put the old message in the draft's place for good)
    const recalled = this.#hpos < this.#o.history.length && this.input.value === this.#o.history[this.#hpos];
    return recalled ? this.#stash : this.input.value;
  }

  /**
   * Edits a sent message here: the composer holds its text; Enter gives the new text to `onSave` (false: it could
   * not go out, the edit stays), Escape or Cancel cancels. Either way what was being written comes back, and
   * `onEnd` is told (also when something else replaces the text).
   */
  edit(text: string, onSave: (text: string) => boolean, onEnd?: () => void): void {
    const saved = this.draft;
    this.setValue(text);
    this.#editing = { saved, onSave, onEnd };
    this.#editBar.hidden = false;
    this.el.classList.add('editing');
    this.input.setSelectionRange(text.length, text.length);
    this.input.focus();
  }

  /** Ends an edit (saved or cancelled): what was being written before it comes back, and is kept as the draft. */
  #endEdit(): void {
    const saved = this.#editing?.saved;
    if (saved === undefined) return;
    this.setValue(saved);
    this.#o.onDraftChange(saved);
  }

  /** Replaces the text (e.g. the draft of the room switched to); an edit under way is dropped. */
  setValue(text: string): void {
    const ended = this.#editing?.onEnd;
    this.#editing = undefined;
    this.#editBar.hidden = true;
    this.el.classList.remove('editing');
    this.input.value = text;
    this.#hpos = this.#o.history.length;
    this.#ac.close();
    this.#grow();
    this.#showCount();
    ended?.();
  }

  #showCount(): void {
    const m = this.#o.measure(this.input.value, this.#editing !== undefined);
    const n = m?.length ?? 0;
    const max = m?.max ?? Infinity;
    const show = n >= max * 0.9;
    this.#count.hidden = !show;
    const level = n > max ? 'over' : show ? 'near' : 'under';
    // (a topic's limit is not a message's: typing `/topic ` after a long text says the other one)
    const said = level === 'under' ? level : `${level} ${m?.of} ${max}`;
    if (said !== this.#countLevel) {
      this.#countLevel = said;
      const of = m?.of === 'topic' ? ' for a topic' : '';
      this.#countSaid.textContent = level === 'over' ? `Too long: this room takes at most ${withCommas(max)} characters${of}` : level === 'near' ? `Nearly at this room's limit of ${withCommas(max)} characters${of}` : '';
      // over the limit the box is invalid, and says why and by how much whenever it gets the focus
      if (level === 'over') {
        this.input.setAttribute('aria-invalid', 'true');
        this.input.setAttribute('aria-describedby', 'composer-limit composer-count');
      } else {
        this.input.removeAttribute('aria-invalid');
        this.input.removeAttribute('aria-describedby');
      }
    }
    if (!show) return;
    this.#count.textContent = `${withCommas(n)} / ${withCommas(max)}`;
    this.#count.classList.toggle('over', n > max);
  }

  focus(): void {
    this.input.focus();
  }

  /** What it suggests, again (what they come from changed: the server's room list came); only while typed in. */
  refreshSuggestions(): void {
    if (document.activeElement === this.input) this.#ac.refresh();
  }

  /**
   * Adds `text` after what is there (a blank line between), puts the cursor at the end and focuses the input. A
   * reply is a new message: an edit under way ends first (Enter saved the quote over the message being edited).
   */
  append(text: string): void {
    if (this.#editing) this.#endEdit();
    const next = afterBlankLine(this.input.value, text);
    typeInto(this.input, next, next.length); // (its input event runs #onInput)
  }

  /** Adds `text` to what is being written, out of sight while a message is being edited (it comes back after). */
  addToDraft(text: string): void {
    if (!this.#editing) return this.append(text);
    this.#editing.saved = afterBlankLine(this.#editing.saved, text);
    // (kept as the draft now: a refused message that came back during an edit was lost with a hidden panel)
    this.#o.onDraftChange(this.#editing.saved);
  }

  /** Types `text` where the cursor is, as a key typed in the input would (a key typed on a clicked message). */
  type(text: string): void {
    const { value, selectionStart, selectionEnd } = this.input;
    typeInto(this.input, value.slice(0, selectionStart) + text + value.slice(selectionEnd), selectionStart + text.length);
  }

  /** Puts `text` where the cursor is (with a space before it if it would touch a word) and focuses the input. */
  insert(text: string): void {
    const before = this.input.value.slice(0, this.input.selectionStart);
    this.type(before !== '' && !/\s$/.test(before) ? ` ${text}` : text);
  }

  /**
   * Puts the emoji of the name before the caret in its place, when its closing colon was just typed and no word goes
   * on after it (`key:a:value` typed in the middle): what every client then gets is what the panel shows. Ctrl+Z
   * brings the name back. False when there was none.
   */
  #emojiForName(): boolean {
    const { value, selectionStart: at, selectionEnd } = this.input;
    if (at !== selectionEnd) return false;
    const found = closedEmojiName(value.slice(0, at), EMOJI, value.slice(at));
    if (!found) return false;
    typeInto(this.input, value.slice(0, found.from) + found.emoji + value.slice(at), found.from + found.emoji.length);
    return true;
  }

  #onInput(): void {
    this.#grow();
    this.#showCount();
    this.#ac.refresh();
    if (this.#editing) return; // an edit is neither a draft nor news for the others
    this.#o.onDraftChange(this.input.value);
    const v = this.input.value;
    const now = Date.now();
    // A command being typed ("/", "/to…") is nobody's business; a text that starts with "/" ("//x", "/ x") is typing.
    if (v.trim() !== '' && v !== '/' && !isSlashCommand(v) && now - this.#lastTyping >= TYPING_EVERY_MS) {
      this.#lastTyping = now;
      this.#o.onTyping();
    }
  }

  #grow(): void {
    // CSSOM writes are allowed by the CSP (only style attributes in markup are not).
    // The box keeps its height while the text is measured: the input set to one line for a moment let the
    // list above grow, the browser scrolled it up to fit, and it stopped following the conversation.
    // (at most 200 px, and 40% of the panel: a short or zoomed panel kept no room for the messages)
    const cap = Math.min(200, Math.max(40, Math.floor(window.innerHeight * 0.4)));
    // at its cap with more text than it shows, it stays so: measuring a long text anew at every key (its height
    // let go, then set again: the whole text laid out twice) made typing lag in a long draft
    if (this.input.value !== '' && this.input.style.height === `${cap}px` && this.input.scrollHeight > this.input.clientHeight) return;
    const box = this.input.parentElement as HTMLElement;
    box.style.minHeight = `${box.getBoundingClientRect().height}px`;
    this.input.style.height = 'auto';
    // empty: one line, whatever the hint (a long one is cut short on one line, not measured wrapped: the box
    // would shrink at the first key)
    if (this.input.value !== '') this.input.style.height = `${Math.min(this.input.scrollHeight, cap)}px`;
    box.style.minHeight = '';
  }

  #onKey(ev: KeyboardEvent): void {
    if (ev.isComposing) return;
    if (this.#ac.onKey(ev)) {
      ev.preventDefault();
      return;
    }
    const { value, selectionStart, selectionEnd } = this.input;
    switch (ev.key) {
      case 'Enter':
        if (ev.shiftKey) return;
        ev.preventDefault();
        // (Alt+Enter a new line too, as in VS Code's editors: left to the browser it did nothing at all)
        if (ev.altKey) this.type('\n');
        else this.#submit();
        return;
      case 'Escape':
        ev.preventDefault();
        if (this.#editing) this.#endEdit();
        else this.#o.onEscape();
        return;
      case 'PageUp':
      case 'PageDown':
        ev.preventDefault();
        this.#o.onPage(ev.key === 'PageUp' ? -1 : 1);
        return;
      case 'ArrowUp':
        if (ev.shiftKey || ev.altKey || ev.ctrlKey || ev.metaKey || selectionStart !== selectionEnd) return;
        // not on the first line (at 0 it is: lastIndexOf from -1 looks at the first character, a line break there)
        if (selectionStart > 0 && value.lastIndexOf('\n', selectionStart - 1) !== -1) return;
        if (selectionStart === 0 || this.#oneRow()) {
          if (this.#recall(-1)) ev.preventDefault();
        } else this.#recallAfterCaret(-1, value, 0);
        return;
      case 'ArrowDown':
        if (ev.shiftKey || ev.altKey || ev.ctrlKey || ev.metaKey || selectionStart !== selectionEnd) return;
        if (value.indexOf('\n', selectionEnd) !== -1) return; // not on the last line
        if (selectionEnd === value.length || this.#oneRow()) {
          if (this.#recall(1)) ev.preventDefault();
        } else this.#recallAfterCaret(1, value, value.length);
        return;
    }
  }

  /** Whether the text fits on one row of the input (no line of it wraps). */
  #oneRow(): boolean {
    const cs = getComputedStyle(this.input);
    const row = parseFloat(cs.lineHeight) || parseFloat(cs.fontSize) * 1.4 || 18;
    return this.input.scrollHeight - (parseFloat(cs.paddingTop) || 0) - (parseFloat(cs.paddingBottom) || 0) < row * 1.5;
  }

  /**
   * The first (last) line of the text may wrap into several rows: the browser moves the caret a row up (down), and
   * only from the top (bottom) row to the start (end), `edge`; history is walked then. Up on a wrapped line's
   * second row brought back a sent message in place of the paragraph, and Enter sent that again.
   */
  #recallAfterCaret(dir: -1 | 1, value: string, edge: number): void {
    setTimeout(() => {
      const { selectionStart, selectionEnd } = this.input;
      if (this.input.value === value && selectionStart === edge && selectionEnd === edge) this.#recall(dir);
    }, 0);
  }

  /**
   * A message of yours edited or deleted since it was sent (a pasted secret): its text leaves the sent history, which
   * Up brings back and the panel's saved state keeps. True when it was there.
   */
  forgetSent(texts: readonly string[]): boolean {
    const hist = this.#o.history;
    const before = hist.length;
    for (let i = hist.length - 1; i >= 0; i--) {
      if (!texts.includes(hist[i]!)) continue;
      hist.splice(i, 1);
      if (this.#hpos > i) this.#hpos--;
    }
    return hist.length !== before;
  }

  /** Moves through sent history; the unsent draft is kept and comes back at the end. */
  #recall(dir: -1 | 1): boolean {
    if (this.#editing) return false;
    const hist = this.#o.history;
    const next = this.#hpos + dir;
    if (next < 0 || next > hist.length) return false;
    if (this.#hpos === hist.length) this.#stash = this.input.value;
    this.#hpos = next;
    this.input.value = next === hist.length ? this.#stash : (hist[next] ?? '');
    const end = dir < 0 ? 0 : this.input.value.length;
    // Up puts the caret at the start (so Up again keeps going back); Down at the end.
    this.input.setSelectionRange(end, end);
    this.#grow();
    this.#o.onDraftChange(this.draft);
    return true;
  }

  #submit(): void {
    const text = this.input.value;
    if (this.#editing) {
      if (text.trim() === '' || !this.#editing.onSave(text)) return; // (Delete deletes)
      return this.#endEdit();
    }
    if (text.trim() === '' || !this.#o.onSubmit(text)) return;
    const hist = this.#o.history;
    // a message Up brought back, sent again: what was being written when Up was pressed comes back (it was lost)
    const draft = this.#hpos < hist.length ? this.#stash : '';
    if (hist[hist.length - 1] !== text) hist.push(text);
    if (hist.length > HISTORY_MAX) hist.splice(0, hist.length - HISTORY_MAX);
    // (the oldest go past HISTORY_UNITS; the newest stays, whatever its length)
    let units = hist.reduce((n, x) => n + x.length, 0);
    while (hist.length > 1 && units > HISTORY_UNITS) units -= hist.shift()!.length;
    this.#stash = '';
    this.setValue(draft);
    this.#lastTyping = 0;
    this.#o.onDraftChange(draft);
  }
}

/** `text` after what `before` holds, a blank line between (none when it holds nothing but blanks). */
function afterBlankLine(before: string, text: string): string {
  const now = before.trimEnd();
  return now === '' ? text : `${now}\n\n${text}`;
}
