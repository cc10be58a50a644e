// Completion popup for the composer: slash commands (with their help) at the start of the text, nicknames after `@`
// (or as the first argument of /msg, /kick, /op, /delete ...), rooms after /join, /part and /who (with their
// topic and members where the server's list said them), and emoji after `:` and a name's start (`:tad`: 🎉).
// Keyboard: Up/Down, Tab/Enter, Escape.
import type { CommandInfo } from '../shared/panelMessages';
import type { ListedRoom } from '../protocol/messages';
import { h, nickEl, textEl } from './dom';
import { typeInto } from './typeInto';
import { completions, wantsRoomList } from '../protocol/completion';
import { cutWithEllipsis } from '../protocol/cutAt';
import { emojiCompletions, type EmojiCompletion } from '../protocol/emojiCompletion';
import EMOJI from 'markdown-it-emoji/lib/data/full.mjs'; // (the names messages show as their emoji: see markdown.ts)

export interface Suggestion {
  /** Replaces text[from, caret). */
  insert: string;
  from: number;
  render: () => (Node | string)[];
  /** Its option's id (after `ac-`), made of what it offers, not of its place: the list narrowed as one types, the
   *  option picked keeps its id while another that came to its place gets a new one, which a screen reader reads. */
  id: string;
  /** On the last one listed: how many more match, not listed (the list shows at most MAX_NICKS names). */
  more?: number;
}

/** The most of a room's topic a suggestion shows (a topic may be 4,096 characters). */
const TOPIC_SHOWN = 100;

/** The most names (nicknames, rooms) the list shows; typing more of a name narrows it. */
export const MAX_NICKS = 20;

export interface CompletionSource {
  commands: () => readonly CommandInfo[];
  nicks: () => readonly string[];
  /** The rooms you are in, and those of the server's latest list. */
  rooms: () => { joined: readonly string[]; listed: readonly ListedRoom[] };
  /** A /join's room is being typed: the server's list may be asked for (its answer refreshes the suggestions). */
  roomsWanted?: () => void;
}

/** An emoji's line in the list: the emoji and its name. */
function emojiSuggestion(e: EmojiCompletion): Suggestion {
  return { id: `emoji-${e.name}`, insert: e.insert, from: e.from, render: () => [h('span', { class: 'ac-emoji' }, e.emoji), h('span', { class: 'ac-usage' }, `:${e.name}:`)] };
}

/** What to suggest for the text before the caret (pure, so it is easy to test). */
export function suggest(before: string, src: CompletionSource): Suggestion[] {
  const commands = src.commands();
  const rooms = src.rooms();
  const found = completions(before, commands.map((c) => c.name), src.nicks(), { joined: rooms.joined, listed: rooms.listed.map((r) => r.name) });
  const emoji = found.length === 0 ? emojiCompletions(before, EMOJI) : [];
  // (the names, rooms and emoji listed at most MAX_NICKS; the commands, all)
  const shown = emoji.length > 0 ? emoji.slice(0, MAX_NICKS).map(emojiSuggestion) : (found[0]?.kind === 'command' ? found : found.slice(0, MAX_NICKS)).map((f): Suggestion => {
    const c = f.kind === 'command' ? commands.find((x) => x.name === f.name) : undefined;
    if (c) return { id: `cmd-${c.name}`, insert: f.insert, from: f.from, render: () => [h('span', { class: 'ac-usage' }, c.usage), h('span', { class: 'ac-help' }, c.help + (c.who ? ` (${c.who} only)` : ''))] };
    if (f.kind === 'room') {
      const listed = rooms.listed.find((r) => r.name === f.name);
      const about = [...(rooms.joined.includes(f.name) ? ['you are in it'] : []), ...(listed ? [listed.members === 1 ? '1 member' : `${listed.members} members`] : [])].join(' · ');
      const topic = cutWithEllipsis(listed?.topic ?? '', TOPIC_SHOWN);
      // (the topic as the topic bar shows it: its own direction, hidden characters made visible)
      const help = () => h('span', { class: 'ac-help' }, about, ...(topic ? [about ? ' · ' : '', textEl(topic)] : []));
      return { id: `room-${encodeURIComponent(f.name)}`, insert: f.insert, from: f.from, render: () => [h('span', { class: 'ac-usage' }, `#${f.name}`), help()] };
    }
    return { id: `nick-${encodeURIComponent(f.name)}`, insert: f.insert, from: f.from, render: () => [nickEl(f.name)] };
  });
  const total = found.length + emoji.length;
  const last = shown[shown.length - 1];
  if (last && total > shown.length) last.more = total - shown.length;
  return shown;
}

export class Autocomplete {
  readonly el: HTMLElement;
  #items: Suggestion[] = [];
  #index = 0;
  /** The text before the caret the suggestions are for (refresh). */
  #before = '';
  readonly #input: HTMLTextAreaElement;
  readonly #src: CompletionSource;

  constructor(input: HTMLTextAreaElement, src: CompletionSource) {
    this.#input = input;
    this.#src = src;
    this.el = h('div', { class: 'autocomplete', role: 'listbox', id: 'autocomplete', 'aria-label': 'Suggestions' });
    this.el.hidden = true;
    this.el.addEventListener('mousedown', (ev) => ev.preventDefault()); // keep focus in the composer
    this.el.addEventListener('click', (ev) => {
      const opt = (ev.target as Element).closest('[role="option"]');
      const i = opt ? Array.from(this.el.children).indexOf(opt) : -1;
      if (i >= 0) {
        this.#index = i;
        this.#accept();
      }
    });
  }

  get open(): boolean {
    return !this.el.hidden;
  }

  /** Recomputes suggestions for the caret position. */
  refresh(): void {
    const { value, selectionStart, selectionEnd } = this.#input;
    if (selectionStart !== selectionEnd) return this.close();
    const before = value.slice(0, selectionStart);
    if (wantsRoomList(before)) this.#src.roomsWanted?.();
    const chosen = this.#items[this.#index]?.insert;
    this.#items = suggest(before, this.#src);
    // Nothing to add when the only suggestion is exactly what is typed.
    const only = this.#items[0];
    if (this.#items.length === 1 && only && value.slice(only.from, selectionStart) === only.insert.trimEnd()) this.#items = [];
    if (this.#items.length === 0) return this.close();
    // typing picks the first again (the best: a name typed whole); kept on the same row, Down three times then
    // "dev" picked #devops, the second row. The same text (the room list came): the same suggestion, if still there
    if (before !== this.#before) this.#index = 0;
    else this.#index = Math.max(0, this.#items.findIndex((x) => x.insert === chosen));
    this.#before = before;
    this.#draw();
  }

  close(): void {
    this.el.hidden = true;
    this.#items = [];
    this.#index = 0;
    this.#before = '';
    this.#input.removeAttribute('aria-activedescendant');
  }

  /** Handles a key while open; true when the key was used. */
  onKey(ev: KeyboardEvent): boolean {
    if (!this.open) return false;
    switch (ev.key) {
      case 'ArrowDown':
        this.#index = (this.#index + 1) % this.#items.length;
        this.#draw();
        return true;
      case 'ArrowUp':
        this.#index = (this.#index - 1 + this.#items.length) % this.#items.length;
        this.#draw();
        return true;
      case 'Tab':
      case 'Enter':
        if (ev.shiftKey) return false;
        this.#accept();
        return true;
      case 'Escape':
        this.close();
        return true;
      default:
        return false;
    }
  }

  #accept(): void {
    const s = this.#items[this.#index];
    if (!s) return this.close();
    const caret = this.#input.selectionStart;
    // (the caret left the word it was made for: nothing to complete there)
    if (caret < s.from) return this.close();
    const v = this.#input.value;
    this.close();
    typeInto(this.#input, v.slice(0, s.from) + s.insert + v.slice(caret), s.from + s.insert.length);
  }

  #draw(): void {
    const more = this.#items[this.#items.length - 1]?.more;
    this.el.replaceChildren(
      ...this.#items.map((s, i) =>
        h('div', { class: `ac-item${i === this.#index ? ' selected' : ''}`, role: 'option', id: `ac-${s.id}`, 'aria-selected': String(i === this.#index) }, ...s.render()),
      ),
      // not an option: it says the list is cut short, and how to find the others
      ...(more ? [h('div', { class: 'ac-more', 'aria-hidden': 'true' }, `${more} more: type more of the name`)] : []),
    );
    this.el.hidden = false;
    const sel = this.#items[this.#index];
    if (sel) this.#input.setAttribute('aria-activedescendant', `ac-${sel.id}`);
    this.el.children[this.#index]?.scrollIntoView({ block: 'nearest' });
  }
}
