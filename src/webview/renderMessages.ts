// One history row -> one element: messages (grouped by author), /me actions, direct messages, code cards,
// system lines (join, leave, nick, topic, kick, role) and local notices. All text goes in as text or sanitised markdown.
import type { CodeRef, Role } from '../shared/panelMessages';
import { mentions } from '../protocol/mentions';
import { copyButton, renderCodeCard } from './codeCard';
import { codeRefLine } from '../protocol/replyQuote';
import { formatTime, fullTime, h, icon, nickEl, showHidden, shownPart, spokenText, textEl } from './dom';
import { firstLinesOf } from './firstLines';
import { saidList } from './heardMessages';
import { markdownText, renderInlineMarkdown, renderMarkdown } from './markdown';
import { markAtMentions } from './atMentions';
import { rowControlsTabbable } from './rowKeys';
import { dayOf, type DmEntry, type Row } from './state';
import type { IconName } from './iconNames';

export interface RowContext {
  /** Your own nickname now (for mention highlights and "you"). */
  nick: string;
  /** The names an `@name` in a message is marked as a mention of: the conversation's people and yours (mentionableIn). */
  mentionable?: () => readonly string[];
  openCode: (code: CodeRef, text: string) => void;
  /** Make a diff card's changes in your copy of its file (someone else's card): Apply. */
  applyChanges?: (code: CodeRef, text: string) => void;
  /** Copies a block of code (a code card's, a fenced block's). */
  copyText: (text: string) => void;
  /** The key of the first row the user had not seen: marked "New", with its author even in a group. */
  newFrom?: string;
  /** Mention the author of row `key` in the composer (a click on a message's author): what M does. */
  onMention?: (key: string) => void;
  /** Reply to row `key` (quote it, mention its author): what R does. */
  onReply?: (key: string) => void;
  /** Rows that match the open search, and the one shown now. */
  searchHits?: ReadonlySet<string>;
  searchCurrent?: string;
  /** Keys of long messages the user opened in full ("Show more"), and how to open or close one. */
  expanded?: ReadonlySet<string>;
  onExpand?: (key: string, open: boolean) => void;
  /** Whether you wrote a direct message (under any nickname you had: not only `nick`). */
  ownDm?: (d: DmEntry) => boolean;
  /** Whether the room message of row `key` is yours (through your renames); by its author's name when absent. */
  ownMessage?: (key: string, from: string) => boolean;
  /** Whether you may delete a message by `from` (yours; the owner anyone's, an op a member's). */
  mayDelete?: (key: string, from: string) => boolean;
  /** Edit your own message (its row's key), delete one you may delete. */
  onEdit?: (key: string) => void;
  onDelete?: (key: string) => void;
  /** The emoji a message can be reacted with, and how to put yours under one or take it away. */
  reactions?: readonly string[];
  onReact?: (key: string, emoji: string) => void;
  /** The row of the message being edited in the composer (marked). */
  editing?: string;
  /** The message row `key` replies to (repliedRow), with what its quote says it leads to; and going there. */
  repliedTo?: (key: string) => { key: string; label: string } | undefined;
  onGoTo?: (key: string) => void;
}

/** A text this long (in lines, counting a line per 100 characters) is shown shortened, with "Show more". */
export const LONG_LINES = 16;

/** Whether a text is long enough to be shortened. */
export function isLong(text: string): boolean {
  let lines = 0;
  for (const line of text.split('\n')) {
    lines += 1 + Math.floor(line.length / 100);
    if (lines > LONG_LINES) return true;
  }
  return false;
}

const DAY_NAME = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
const DAY_NAME_YEAR = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

/** What the date line above a day's first row says: Today, Yesterday, else the date (with the year if not this one). */
export function dayLabel(ms: number, now = Date.now()): string {
  const day = dayOf(ms);
  if (day === dayOf(now)) return 'Today';
  const y = new Date(now);
  y.setDate(y.getDate() - 1);
  if (day === dayOf(y.getTime())) return 'Yesterday';
  return (new Date(ms).getFullYear() === new Date(now).getFullYear() ? DAY_NAME : DAY_NAME_YEAR).format(ms);
}

function time(ms: number): HTMLElement {
  return h('time', { class: 'time', datetime: new Date(ms).toISOString(), title: fullTime(ms) }, formatTime(ms));
}

const ROLE_WORDS: Record<Role, string> = { owner: 'the owner', op: 'an operator', member: 'a member' };

function system(iconName: IconName, time_: number, ...parts: (Node | string)[]): HTMLElement {
  return h('div', { class: 'row system', role: 'listitem' }, icon(iconName), h('span', { class: 'system-text' }, ...parts), time(time_));
}

function leaveWords(reason: string): string {
  switch (reason) {
    case 'quit':
    case 'part':
    case '':
      return ' left';
    case 'timeout':
      return ' left (timed out)';
    case 'shutdown':
      return ' left (server shut down)';
    default:
      return ` left (${reason})`;
  }
}

/** A join, a leave, a rename or a kick: someone who came, went or goes by another name now. */
export type MemberEvent = Extract<Row['entry'], { type: 'join' | 'leave' | 'nick' | 'kick' }>;

const MEMBER_ICONS: Record<MemberEvent['type'], IconName> = { join: 'arrow-right', leave: 'arrow-left', nick: 'edit', kick: 'circle-slash' };

/**
 * A member's coming or going in words, as its row shows it and a screen reader hears it ("carol joined", "erin left
 * (gone for lunch)", "dave is now known as dave_w"): `name` makes each nickname (an element in the row), `text` the
 * words of someone's (parting words, a kick's reason).
 */
export function memberWords<T>(e: MemberEvent, name: (nick: string) => T, text: (words: string) => T): (T | string)[] {
  switch (e.type) {
    case 'join':
      return [name(e.nick), ' joined', e.role === 'member' ? '' : ` as ${ROLE_WORDS[e.role]}`];
    case 'leave':
      // (parting words, as text: `bob left (gone for lunch)`)
      return [name(e.nick), leaveWords(e.reason), ...(e.message ? [' (', text(e.message), ')'] : [])];
    case 'nick':
      return [name(e.from), ' is now known as ', name(e.to)];
    case 'kick':
      return [name(e.nick), e.ban ? ' was banned by ' : ' was kicked by ', name(e.by), ...(e.reason ? [': ', text(e.reason)] : [])];
  }
}

/** Fenced code blocks of one message that get a Copy button: a message of 2,000 empty fences made as many. */
const MAX_COPY_BLOCKS = 50;

/**
 * A reply's quote (its first block) made a link to the message it quotes, when that is above it: a click or Enter
 * goes there (a link in the quote still opens its own target).
 */
function replyQuote(el: HTMLElement, key: string, ctx: RowContext): void {
  const quote = el.querySelector<HTMLElement>(':scope > blockquote:first-child');
  const to = quote && ctx.onGoTo ? ctx.repliedTo?.(key) : undefined;
  if (!quote || !to) return;
  const go = () => ctx.onGoTo?.(to.key);
  quote.classList.add('reply-quote');
  quote.setAttribute('role', 'link');
  quote.tabIndex = -1;
  quote.title = to.label;
  quote.setAttribute('aria-description', to.label);
  quote.addEventListener('click', (ev) => {
    if ((ev.target as Element).closest('a, button') || document.getSelection()?.isCollapsed === false) return;
    go();
  });
  quote.addEventListener('keydown', (ev) => {
    if (ev.target !== quote || (ev.key !== 'Enter' && ev.key !== ' ')) return;
    ev.preventDefault();
    go();
  });
}

function body(key: string, kind: string, text: string, code: CodeRef | undefined, ctx: RowContext, edited: () => HTMLElement | null, mine = false): HTMLElement {
  // (a card scrolls within its own height; Apply on another's diff card: yours are in your copy already)
  if (kind === 'code') return renderCodeCard(text, code, ctx.openCode, ctx.copyText, mine ? undefined : ctx.applyChanges);
  return folded(key, text, (max) => {
    const el = h('div', { class: 'body markdown' });
    const [shown, truncated] = shownPart(text);
    const { frag, cut, codes } = renderMarkdown(shown, max);
    el.append(frag);
    if (ctx.mentionable && shown.includes('@')) markAtMentions(el, ctx.mentionable(), ctx.nick);
    if (text.startsWith('> ')) replyQuote(el, key, ctx);
    // a fenced block of code gets a Copy button in its corner (not an empty one, and MAX_COPY_BLOCKS at most); a
    // block cut by the fold copies whole
    let blocks = 0;
    Array.from(el.querySelectorAll('pre')).forEach((pre, i) => {
      const code = codes[i] ?? pre.textContent ?? ''; // (before its hidden characters are marked)
      if (code.trim() === '' || blocks++ >= MAX_COPY_BLOCKS) return;
      const block = h('div', { class: 'code-block' });
      pre.replaceWith(block);
      block.append(pre, copyButton(() => code, ctx.copyText, 'code-block-copy'));
    });
    showHidden(el);
    // "(edited)" at the end of its last paragraph (else after it: see renderEntry)
    const last = el.querySelector(':scope > p:last-child');
    const mark = last ? edited() : null;
    if (last && mark) last.append(' ', mark);
    if (truncated && !cut) el.append(truncated);
    // its direction from its first strong letter, set once it is built: Chromium works a `dir=auto` element's out
    // again at every change inside it (2,000 code fences took seconds to wrap, for every member)
    el.dir = 'auto';
    return { el, cut };
  }, ctx);
}

/**
 * A long text's element, built by `build`: whole (no `max`), or its first `max` lines (as isLong counts them), `cut`
 * when that is not all of it.
 */
type Build = (max?: number) => { el: HTMLElement; cut: boolean };

/**
 * Lines a folded text is built to at first: the fold shows 14 (`.shortened`), and a line counted draws one at least
 * (but a blank one). A text whose first lines fit in the fold anyway (blank ones, a wide panel) is built further as
 * it is drawn (unfoldIfFits), each time FOLD_GROWTH times as far.
 */
const FOLDED_LINES = 3 * LONG_LINES;
const FOLD_GROWTH = 4;

/** A folded text's element built to its first lines only, and how to build it further (see unfoldIfFits). */
const buildFurther = new WeakMap<HTMLElement, () => HTMLElement>();

/**
 * A pasted log or stack trace would fill the view (a message, a `/me`, a notice): the element `build` makes of a
 * long `text`, with its first lines only until the user opens it with "Show more" below it; the whole of it when
 * the text is not long (or nothing can open it). Folded, only its first lines are built: a log of 8,000 short lines
 * laid out all of them behind the fold, at every drawing of the row.
 */
function folded(key: string, text: string, build: Build, ctx: RowContext): HTMLElement {
  const onExpand = ctx.onExpand;
  if (!onExpand || !isLong(text)) return build().el;
  const open = ctx.expanded?.has(key) ?? false;
  const el = open ? build().el : shortened(build, FOLDED_LINES);
  const toggle = h('button', { class: 'show-more', type: 'button', 'aria-expanded': String(open) }, icon(open ? 'chevron-up' : 'chevron-down'), open ? 'Show less' : 'Show more');
  toggle.addEventListener('click', () => onExpand(key, !open));
  return h('div', { class: 'long' }, el, toggle);
}

/** What `build` makes of a text's first `max` lines, folded. */
function shortened(build: Build, max: number): HTMLElement {
  const { el, cut } = build(max);
  el.classList.add('shortened');
  if (cut) buildFurther.set(el, () => shortened(build, max * FOLD_GROWTH));
  return el;
}

/**
 * A text `folded` by its length that fits in the view anyway (a wide panel; a Markdown link whose address is most
 * of it): shown whole, with no fade over its last lines and no "Show more" that opens nothing. (One unfolded so at
 * some width stays so when the panel narrows: it shows what it showed.) One built to its first lines only that
 * fit is built further first, until it fills the fold or is whole.
 */
export function unfoldIfFits(row: HTMLElement): void {
  for (let el of row.querySelectorAll<HTMLElement>('.long > .shortened')) {
    const fits = () => el.scrollHeight <= el.clientHeight + 1;
    let grew = false;
    for (let further = buildFurther.get(el); further && fits(); further = buildFurther.get(el)) {
      const next = further();
      el.replaceWith(next);
      el = next;
      grew = true;
    }
    if (grew) rowControlsTabbable(row, row.tabIndex === 0); // (its links and Copy buttons as the row's others)
    if (!fits()) continue;
    el.classList.remove('shortened');
    el.parentElement?.querySelector(':scope > .show-more')?.remove();
  }
}

function actionButton(cls: string, iconName: IconName, title: string, label: string, onClick: () => void): HTMLElement {
  const b = h('button', { class: `icon-button ${cls}`, type: 'button', title, 'aria-label': label, tabindex: '-1' }, icon(iconName));
  b.addEventListener('click', onClick);
  return b;
}

type MessageEntry = Extract<Row['entry'], { type: 'message' | 'dm' }>;

/** What can be done to a message: its buttons (rowActions) and its context menu (messageContext) offer the same. */
function rowCan(key: string, e: MessageEntry, mine: boolean, ctx: RowContext): { reply: boolean; edit: boolean; react: boolean; delete: boolean } {
  return {
    reply: (e.kind === 'text' || e.kind === 'code') && ctx.onReply !== undefined,
    edit: e.type === 'message' && mine && e.kind !== 'code' && ctx.onEdit !== undefined,
    react: e.type === 'message' && ctx.onReact !== undefined && (ctx.reactions?.length ?? 0) > 0,
    delete: e.type === 'message' && ctx.mayDelete?.(key, e.from) === true && ctx.onDelete !== undefined,
  };
}

/**
 * A message's actions, in its top right corner while the row is hovered or has the keyboard: Reply (a text:
 * quotes it in the composer), Edit (your own, not shared code), React (the choice of emoji), Delete
 * (`mayDelete`). Direct messages can be replied to only.
 */
function rowActions(key: string, e: MessageEntry, mine: boolean, ctx: RowContext): HTMLElement | null {
  const buttons: HTMLElement[] = [];
  const { onReply, onEdit, onDelete, onReact, reactions } = ctx;
  const can = rowCan(key, e, mine, ctx);
  if (can.reply && onReply) buttons.push(actionButton('row-reply', 'reply', `Reply to ${e.from}'s message (quote it)`, `Reply to ${e.from}`, () => onReply(key)));
  if (can.edit && onEdit) buttons.push(actionButton('row-edit', 'edit', 'Edit your message (E)', 'Edit your message', () => onEdit(key)));
  if (can.react && onReact && reactions) {
    const yours = (emoji: string) => e.type === 'message' && e.reactions?.some((r) => r.emoji === emoji && r.by.includes(ctx.nick)) === true;
    const react: HTMLElement = actionButton('row-react', 'reactions', 'React (+)', 'React to the message', () => togglePicker(react, reactions, yours, (emoji) => onReact(key, emoji)));
    buttons.push(react);
  }
  if (can.delete && onDelete) {
    buttons.push(actionButton('row-delete', 'trash', mine ? 'Delete your message for everyone (Delete)' : `Delete ${e.from}'s message for everyone (Delete)`, 'Delete message', () => onDelete(key)));
  }
  return buttons.length > 0 ? h('div', { class: 'row-actions' }, ...buttons) : null;
}

/**
 * What VS Code's context menu on a message gets (package.json's "webview/context": Reply, Edit, Copy Message,
 * Open Code, Delete): the row's key, which the command sends back (`rowAction`), and what rowCan allows. VS Code's
 * own Copy stays on it, for a selected part of the text.
 */
function messageContext(key: string, e: MessageEntry, mine: boolean, ctx: RowContext): string {
  const can = rowCan(key, e, mine, ctx);
  return JSON.stringify({ webviewSection: 'message', key, canReply: can.reply, canEdit: can.edit, canDelete: can.delete, isCode: e.kind === 'code' });
}

/**
 * Opens (or closes) the emoji choice beside a message's React button (the ones you put there already marked:
 * choosing one takes it back); a choice, Escape or a click elsewhere closes it. Left / Right (Home / End) move
 * between the emoji. A choice or Escape gives the keyboard back to the message (the React button hides again
 * once nothing in the row has the focus, so it could not take it).
 */
function togglePicker(button: HTMLElement, reactions: readonly string[], yours: (emoji: string) => boolean, choose: (emoji: string) => void): void {
  const open = button.parentElement?.querySelector('.reaction-picker');
  if (open) return open.remove();
  const picker = h('div', { class: 'reaction-picker', role: 'group', 'aria-label': 'Reactions' });
  const row = button.closest<HTMLElement>('.row');
  let closed = false;
  const close = () => {
    // once: removing the picker takes the focus out of it, which fires focusout, which closes it
    if (closed) return;
    closed = true;
    const hadFocus = picker.contains(document.activeElement);
    picker.remove();
    if (hadFocus) row?.focus({ preventScroll: true });
  };
  for (const emoji of reactions) {
    const mine = yours(emoji);
    const b = h('button', { class: `reaction-choice${mine ? ' mine' : ''}`, type: 'button', 'aria-pressed': String(mine), title: mine ? `Take your ${emoji} back` : `React with ${emoji}` }, emoji);
    b.addEventListener('click', () => {
      close();
      choose(emoji);
    });
    picker.append(b);
  }
  picker.addEventListener('keydown', (ev) => {
    const choices = [...picker.children] as HTMLElement[];
    const at = choices.indexOf(document.activeElement as HTMLElement);
    const to = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: choices.length - 1 }[ev.key];
    if (to !== undefined) {
      ev.preventDefault();
      choices[Math.max(0, Math.min(choices.length - 1, to))]?.focus();
      return;
    }
    if (ev.key !== 'Escape') return;
    ev.preventDefault();
    ev.stopPropagation();
    close();
  });
  picker.addEventListener('focusout', (ev) => {
    if (!(ev.relatedTarget instanceof Node) || !picker.contains(ev.relatedTarget)) close();
  });
  button.after(picker);
  // to the left of the actions there may be no room (a panel 250 px wide: it began off screen): moved right,
  // over them if it must, to 4 px inside the row
  const over = (row?.getBoundingClientRect().left ?? 0) + 4 - picker.getBoundingClientRect().left;
  if (over > 0) picker.style.right = `${parseFloat(getComputedStyle(picker).right) - over}px`;
  (picker.firstElementChild as HTMLElement | null)?.focus();
}

/** The reactions under a message: each emoji with how many, yours marked; a click puts yours or takes it away. */
function reactionChips(key: string, e: Extract<Row['entry'], { type: 'message' }>, ctx: RowContext): HTMLElement | null {
  const onReact = ctx.onReact;
  if (!e.reactions || e.reactions.length === 0) return null;
  return h('div', { class: 'reactions' }, ...e.reactions.map((r) => {
    const mine = r.by.includes(ctx.nick);
    // (hidden characters named: `ali U+200B ce` was read "alice"; yourself first, as "you", as the row's name says it)
    const by = [...(mine ? ['you'] : []), ...r.by.filter((n) => n !== ctx.nick).map((n) => spokenText(n, true))];
    const names = by.length > 12 ? `${by.slice(0, 12).join(', ')} and ${by.length - 12} more` : by.join(', ');
    // (a screen reader reads who, not "eyes 2")
    const chip = h('button', { class: `reaction${mine ? ' mine' : ''}`, type: 'button', 'aria-pressed': String(mine), title: `${names} reacted with ${r.emoji}`, 'aria-label': `${r.emoji} ${r.by.length}: ${names}`, tabindex: '-1' },
      h('span', { class: 'reaction-emoji' }, r.emoji), h('span', { class: 'reaction-count' }, String(r.by.length)));
    if (onReact) chip.addEventListener('click', () => onReact(key, r.emoji));
    // (a message to read only: a room left, or from before its host started it anew) nothing to click
    else chip.setAttribute('aria-disabled', 'true');
    return chip;
  }));
}

/** "(edited)" after a message's text, with when. */
function editedMark(ms: number): HTMLElement {
  return h('span', { class: 'edited muted', title: `Edited ${fullTime(ms)}` }, '(edited)');
}

/** A message's author; someone else's is a button that mentions them in the composer (as M on row `key` does). */
function author(key: string, nick: string, mine: boolean, ctx: RowContext): HTMLElement {
  const name = nickEl(nick, 'author');
  const onMention = ctx.onMention;
  if (mine || !onMention) return name;
  // not a tab stop (one per message would bury the rest): from the keyboard, @ in the composer completes nicks
  const b = h('button', { class: 'author-button', type: 'button', title: `Mention ${nick}`, tabindex: '-1' }, name);
  b.addEventListener('click', () => onMention(key));
  return b;
}

/** The most characters of a message row's name (the row holds all of it, to be read line by line). */
const LABEL_MAX = 1000;

/**
 * What a screen reader says of a message's row when the keyboard is on it: who, when, to whom, what it holds and
 * how it was answered. Named by its contents, a row left out what Chromium takes no name from (a shared code card,
 * a quote, a table: "carol 09:32" was all of a card) and read its buttons' names ("Reply to alice React to the
 * message").
 */
export function messageLabel(e: Extract<Row['entry'], { type: 'message' | 'dm' }>, mine: boolean, nick?: string): string {
  // (the hidden characters the row marks, named: the label is all a reader hears of it)
  const from = spokenText(e.from, true);
  const who = e.type === 'dm' ? (mine ? `you to ${spokenText(e.to, true)}, direct` : `${from}, direct`) : from;
  const when = formatTime(e.time);
  if (e.type === 'message' && e.deleted) return `${who}, ${when}: message deleted`;
  const card = e.kind === 'code' ? codeRefLine(e.code ?? {}) : '';
  const said = spokenText(e.kind === 'code'
    ? `${card.startsWith('shared code') ? card : `shared code from ${card}`}${e.code?.language ? `, ${e.code.language}` : ''}: ${e.text.slice(0, LABEL_MAX)}`
    : markdownText(e.text.slice(0, LABEL_MAX * 2), e.kind === 'action'));
  const line = e.kind === 'action' ? `* ${who} ${said}, ${when}` : `${who}, ${when}: ${said}`;
  const edited = e.type === 'message' && e.edited !== undefined ? ' (edited)' : '';
  // (who reacted, as its chips say: "👍 2: bob and you"; a message ending in a stop gets no second one)
  const whoReacted = (by: readonly string[]) => saidList(by.map((n) => (n === nick ? 'you' : spokenText(n, true))));
  const shown = `${line.length > LABEL_MAX ? `${line.slice(0, LABEL_MAX)}…` : line}${edited}`;
  const reactions = e.type === 'message' && e.reactions?.length ? `${/[.!?…]$/.test(shown) ? '' : '.'} Reactions: ${e.reactions.map((r) => `${r.emoji} ${r.by.length}: ${whoReacted(r.by)}`).join('; ')}` : '';
  return `${shown}${reactions}`;
}

/** A direct message's mark: "to bob" on yours (`mine`), "direct" on theirs. */
function dmLabel(e: DmEntry, mine: boolean): HTMLElement {
  return h('span', { class: 'dm-label', title: 'Direct message: only the two of you see it' }, icon('mail'), mine ? 'to ' : 'direct', mine ? nickEl(e.to) : '');
}

/** Date lines drawn so far: each one's id (a row's key, from the server, may hold what no id may). */
let dayLines = 0;

/**
 * A row's element: the entry, marked "New" if it is the first unseen one, under a date line if it is the first of
 * its day (then the list item is a wrapper holding both).
 */
export function renderRow(row: Row, ctx: RowContext): HTMLElement {
  const isNew = row.key === ctx.newFrom;
  const el = renderEntry(isNew && row.continued ? { ...row, continued: false } : row, ctx);
  rowControlsTabbable(el, false); // the keyboard moves between rows (rowKeys.ts); the list is the one tab stop
  if (isNew) el.classList.add('new-from');
  if (ctx.searchHits?.has(row.key)) el.classList.add(row.key === ctx.searchCurrent ? 'search-current' : 'search-hit');
  if (row.key === ctx.editing) el.classList.add('editing-target');
  if (!row.dayStart) return el;
  const label = dayLabel(row.entry.time);
  // the date is part of what is read of the row: moving from row to row, a screen reader never came to the line
  const id = `day-${++dayLines}`;
  el.setAttribute('aria-describedby', id);
  // (not a separator of its own in the list, which holds rows only: the row's description is all that reads it)
  return h('div', { class: 'day-start', role: 'none' }, h('div', { class: 'day-line', 'aria-hidden': 'true', id }, h('span', {}, label)), el);
}

function renderEntry(row: Row, ctx: RowContext): HTMLElement {
  const e = row.entry;
  switch (e.type) {
    case 'message':
    case 'dm': {
      const mine = (e.type === 'dm' ? ctx.ownDm?.(e) : ctx.ownMessage?.(row.key, e.from)) ?? e.from === ctx.nick;
      const deleted = e.type === 'message' && e.deleted === true;
      const cls = ['row', 'msg', e.type === 'dm' ? 'dm' : '', mine ? 'mine' : '', !mine && !deleted && mentions(e.text, ctx.nick) ? 'mention' : ''];
      const editedAt = e.type === 'message' ? e.edited : undefined;
      /** "(edited)" after its text (made anew each time the text is built: see unfoldIfFits). */
      const edited = () => (editedAt !== undefined ? editedMark(editedAt) : null);
      if (e.kind === 'action' && !deleted) {
        const actionBody: Build = (max) => {
          const text = h('span', { class: 'action-text' });
          const [shown, truncated] = shownPart(e.text);
          const { frag, cut } = renderInlineMarkdown(shown, max);
          text.append(frag);
          if (ctx.mentionable && shown.includes('@')) markAtMentions(text, ctx.mentionable(), ctx.nick);
          showHidden(text);
          text.dir = 'auto'; // (once built, as a message's body)
          const mark = edited();
          return { el: h('span', { class: 'action-body' }, e.type === 'dm' ? dmLabel(e, mine) : null, '* ', nickEl(e.from), ' ', text, mark ? ' ' : null, mark, cut ? null : truncated), cut };
        };
        return h('div', { class: [...cls, 'action'].filter(Boolean).join(' '), role: 'listitem', 'aria-label': messageLabel(e, mine, ctx.nick), 'data-vscode-context': messageContext(row.key, e, mine, ctx) },
          folded(row.key, e.text, actionBody, ctx),
          time(e.time), e.type === 'message' ? reactionChips(row.key, e, ctx) : null, rowActions(row.key, e, mine, ctx));
      }
      if (row.continued) cls.push('continued');
      // (a row under the same author's shows no header; a screen reader going row by row is still told who and when:
      // it heard the text alone, with the author only in the Reply button's name)
      const header = row.continued
        ? h('span', { class: 'sr-only' }, `${e.from}, ${formatTime(e.time)}: `)
        : h('div', { class: 'msg-header' }, author(row.key, e.from, mine, ctx), e.type === 'dm' ? dmLabel(e, mine) : null, time(e.time));
      if (deleted) return h('div', { class: [...cls, 'deleted'].filter(Boolean).join(' '), role: 'listitem', 'aria-label': messageLabel(e, mine, ctx.nick) }, header, h('div', { class: 'body muted' }, icon('trash'), ' message deleted'));
      const b = body(row.key, e.kind, e.text, e.code, ctx, edited, mine);
      const mark = b.querySelector('.edited') ? null : edited();
      if (mark) b.append(' ', mark);
      const actions = rowActions(row.key, e, mine, ctx);
      const cardActions = e.kind === 'code' ? b.querySelector('.code-card-actions') : null;
      if (actions && cardActions) cardActions.prepend(actions); // the row's corner is the card's Copy and Open
      return h('div', { class: cls.filter(Boolean).join(' '), role: 'listitem', 'aria-label': messageLabel(e, mine, ctx.nick), 'data-vscode-context': messageContext(row.key, e, mine, ctx) }, header, b, e.type === 'message' ? reactionChips(row.key, e, ctx) : null, cardActions ? null : actions);
    }
    case 'join':
    case 'leave':
    case 'nick':
    case 'kick':
      return system(MEMBER_ICONS[e.type], e.time, ...memberWords(e, (nick) => nickEl(nick), (text) => textEl(text, 'reason')));
    case 'topic':
      return e.topic
        ? system('megaphone', e.time, nickEl(e.by), ' set the topic: ', textEl(e.topic, 'topic-text'))
        : system('megaphone', e.time, nickEl(e.by), ' cleared the topic');
    case 'role':
      return system('shield', e.time, nickEl(e.by), ' made ', nickEl(e.nick), ` ${ROLE_WORDS[e.role]}`);
    case 'edit':
    case 'delete':
    case 'react':
      return system('edit', e.time, ''); // (never a row: state.ts applies them to the message's row)
    case 'notice': {
      // Lines of one command's output (e.g. /help) follow each other without repeating the icon. (A hostile
      // server's notice may be a megabyte: cut as a message is, and a long one folded.)
      const notice: Build = (max) => {
        const [shown, truncated] = shownPart(e.text);
        const first = max === undefined ? null : firstLinesOf(shown, max);
        const text = noticeText(first ?? shown);
        if (truncated && first === null) text.append(truncated);
        return { el: text, cut: first !== null };
      };
      return h('div', { class: `row notice notice-${e.level}${row.continued ? ' continued' : ''}`, role: 'listitem' },
        icon(e.level === 'error' ? 'error' : 'info'), folded(row.key, e.text, notice, ctx), time(e.time));
    }
  }
}

/**
 * A notice's text. A line of aligned columns (`  /me <action>     Say what you are doing.`, from /help) is
 * set in the editor's monospace font, and when it wraps, it goes on under its last column, not under the first.
 */
function noticeText(text: string): HTMLElement {
  const col = /\S {2,}(?=\S)/.exec(text);
  // (a column starts near the line's start, as /help's do at 25: a notice with two spaces after a long sentence was
  // indented by 90 characters, wider than the panel, and its rest wrapped a letter a line)
  if (!col || col.index + col[0].length > MAX_COLUMN_AT) return leftToRight(textEl(text, 'notice-text'));
  const el = leftToRight(textEl(text, 'notice-text columns'));
  if (!text.includes('\n')) { // one hanging indent fits one line of columns only
    const at = col.index + col[0].length; // where the last column starts, in characters (one ch each in monospace)
    el.style.paddingLeft = `${at}ch`; // CSSOM writes pass the CSP (style attributes in markup do not)
    el.style.textIndent = `-${at}ch`;
  }
  return el;
}

/**
 * `el` (a notice's text) read left to right: a notice is the panel's sentence (or a server's), in English, whatever
 * its first letter. Its direction guessed from that letter (dir=auto), one that starts with a room's or a member's
 * name in Hebrew or Arabic (`#שלום was started anew by its host.`), or a hostile server's name for its room, was laid
 * out right to left: right-aligned, its full stop and brackets moved to the other end. The name is a run of its own
 * in it, drawn right to left as ever.
 */
function leftToRight(el: HTMLElement): HTMLElement {
  el.dir = 'ltr';
  return el;
}

/** Where a notice's last column may start (in characters) for it to be laid out as columns (see noticeText). */
const MAX_COLUMN_AT = 32;

/** A guess at a row's height in px before it is measured (one line of text is about 19 px). */
export function estimateRow(row: Row): number {
  return (row.dayStart ? DAY_LINE_PX : 0) + estimateEntry(row);
}
const DAY_LINE_PX = 28;

function estimateEntry(row: Row): number {
  const e = row.entry;
  if (e.type !== 'message' && e.type !== 'dm') return 24;
  if (e.kind === 'code') return 90 + 19 * Math.min(16, e.text.split('\n').length);
  const lines = Math.max(1, Math.ceil(e.text.length / 60)) + (e.text.match(/\n/g)?.length ?? 0);
  return (row.continued ? 2 : 29) + 19 * Math.min(lines, e.kind === 'action' ? 30 : 14) + (e.kind === 'action' ? 6 : 0);
}

