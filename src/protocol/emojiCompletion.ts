// An emoji name being typed (`:tad` -> 🎉 tada), for every client: the panel lists them under its composer, the
// terminal completes them on Tab. Of the names the panel shows as their emoji: markdown-it-emoji's list (GitHub's),
// which each caller gives (`markdown-it-emoji/lib/data/full.mjs`, typed in src/shared/emojiNames.d.ts). Pure.

import { markdownLines } from './markdownLines';

/** Emoji names and their emoji. */
export type EmojiNames = Readonly<Record<string, string>>;

export interface EmojiCompletion {
  name: string;
  emoji: string;
  /** Replaces the typed text from `from` to its end (the colon and the name typed). */
  from: number;
  /** The emoji and a space: what everyone gets, a terminal too (not the name, which only the panel shows so). */
  insert: string;
}

/**
 * A name being typed at the end of the text: a colon on its own (at the start, after a space or an opening bracket
 * or quote) and two characters of a name at least (`10:30` and `Note:` are no names).
 */
const TYPED = /(?:^|[\s([{"'])(:([a-z0-9_+-]{2,}))$/i;

/** A name closed at the end of the text: its colon on its own, as TYPED's, and the name as the list has it. */
const CLOSED = /(?:^|[\s([{"'])(:([a-z0-9_+-]+):)$/;

/**
 * Names said most in reviews and pairing, offered before the others that match (`:ta` is 🎉 before 🌮 taco, as
 * the list's order would have it).
 */
const COMMON = ['+1', '-1', 'tada', 'rocket', 'eyes', 'heart', 'white_check_mark', 'x', 'warning', 'fire', 'bug', 'sparkles',
  'thinking', 'smile', 'joy', 'sweat_smile', 'pray', 'clap', '100', 'ok_hand', 'wave', 'raised_hands', 'muscle', 'zap', 'boom',
  'construction', 'memo', 'bulb', 'lock', 'star', 'coffee', 'beers', 'heavy_check_mark', 'question', 'exclamation', 'rotating_light',
  'hammer', 'wrench', 'package', 'ship', 'green_heart', 'see_no_evil', 'facepalm', 'shrug', 'slightly_smiling_face', 'wink'];
const RANK = new Map(COMMON.map((name, i) => [name, i]));

/** Whether the end of `before` is in code (a fence still open, or an odd backtick on its line): no emoji there. */
function inCode(before: string): boolean {
  if ((before.match(/^ {0,3}(```|~~~)/gm) ?? []).length % 2 === 1) return true;
  const line = before.slice(before.lastIndexOf('\n') + 1);
  return (line.match(/`/g) ?? []).length % 2 === 1;
}

/**
 * The emoji of the name typed whole, then those whose names start with it, then those with it inside: each the
 * common ones first, then in the list's order (faces and hands first).
 */
export function emojiCompletions(before: string, names: EmojiNames): EmojiCompletion[] {
  const m = TYPED.exec(before);
  if (!m || inCode(before)) return [];
  const typed = m[1] ?? '';
  const q = (m[2] ?? '').toLowerCase();
  const from = before.length - typed.length;
  const whole: EmojiCompletion[] = [];
  const starts: EmojiCompletion[] = [];
  const within: EmojiCompletion[] = [];
  for (const [name, emoji] of Object.entries(names)) {
    const list = name === q ? whole : name.startsWith(q) ? starts : name.includes(q) ? within : undefined;
    list?.push({ name, emoji, from, insert: `${emoji} ` });
  }
  const common = (list: EmojiCompletion[]) => [...list.filter((e) => RANK.has(e.name)).sort((a, b) => (RANK.get(a.name) ?? 0) - (RANK.get(b.name) ?? 0)), ...list.filter((e) => !RANK.has(e.name))];
  return [...whole, ...common(starts), ...common(within)];
}

/** A letter, a digit or an underscore: an emoji name next to one is inside a word, no name (the panel's rendering too). */
export const IN_WORD = /[\p{L}\p{N}_]/u;

/**
 * The emoji of a name just closed at the end of `before` (`ship it :tada:`), and where its name starts: the panel puts
 * the emoji in its place as the closing colon is typed (Ctrl+Z brings the name back), so that every client gets what
 * the panel would show. Only a name of the list, on its own (no word goes on in `after`, the text after the caret:
 * `key:a:value` typed in the middle of a word), outside code.
 */
export function closedEmojiName(before: string, names: EmojiNames, after = ''): { from: number; emoji: string } | undefined {
  const m = CLOSED.exec(before);
  const name = m?.[2];
  if (!m || name === undefined || !Object.hasOwn(names, name) || IN_WORD.test(after[0] ?? '') || inCode(before)) return undefined;
  return { from: before.length - (m[1] ?? '').length, emoji: names[name] ?? '' };
}

/** A candidate emoji name, up to the colon that would end it: checked against the list as it is found. */
const EMOJI_NAME = /:([a-z0-9_+-]+)(?=:)/g;

/** EMOJI_NAME without its `g` (no lastIndex kept between tests). */
const ANY_EMOJI_NAME = new RegExp(EMOJI_NAME.source);

/** Whether `s` may name an emoji (a candidate of EMOJI_NAME's): text that does not needs no list to look names up in. */
export function mayNameEmoji(s: string): boolean {
  return ANY_EMOJI_NAME.test(s);
}

/**
 * The emoji names in `s` (text, no Markdown) as the panel shows them: names of the list only, each on its own (as
 * the panel's `emoji_alone` keeps them: no letter, digit or _ on either side), found as markdown-it-emoji finds
 * them, left to right, a name of the list taking its closing colon with it.
 */
export function emojiNamesIn(s: string, names: EmojiNames): { at: number; end: number; emoji: string }[] {
  const found: { at: number; end: number; emoji: string }[] = [];
  const re = new RegExp(EMOJI_NAME);
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const name = m[1] ?? '';
    if (!Object.hasOwn(names, name)) continue; // (the next name may start at this one's closing colon)
    const [at, end] = [m.index, m.index + name.length + 2];
    re.lastIndex = end;
    if (IN_WORD.test(s[at - 1] ?? '') || IN_WORD.test(s[end] ?? '')) continue;
    found.push({ at, end, emoji: names[name] ?? '' });
  }
  return found;
}

/**
 * A message's text (Markdown) with its emoji names as their emoji, as the panel shows it: what a terminal prints.
 * Not in code: a code block's line as Markdown reads it (markdownLines: fenced or indented, in a quote or a list
 * item too), a backtick span (of one line: a span over lines is rare in chat, and shown as typed).
 */
export function emojifyText(text: string, names: EmojiNames): string {
  if (!text.includes(':')) return text;
  const lines = text.split('\n');
  const read = markdownLines(lines).lines;
  return lines.map((line, i) => (read[i]?.code === true ? line : outsideCodeSpans(line, (s) => emojifyPlain(s, names)))).join('\n');
}

/** Text that is no Markdown (a topic) with its emoji names as their emoji, as the panel shows it. */
export function emojifyPlain(s: string, names: EmojiNames): string {
  let out = '';
  let from = 0;
  for (const { at, end, emoji } of emojiNamesIn(s, names)) {
    out += s.slice(from, at) + emoji;
    from = end;
  }
  return out + s.slice(from);
}

/** `line` with `change` applied to its pieces outside backtick spans (a run of backticks closed by one as long). */
function outsideCodeSpans(line: string, change: (s: string) => string): string {
  const runs = [...line.matchAll(/`+/g)];
  // each run's next run as long (-1: none), found in one pass from the end: looking for it from each run scanned
  // the runs before it again, and a hostile room's line of a million characters took seconds in the terminal
  const next = new Array<number>(runs.length);
  const lastOfLength = new Map<number, number>();
  for (let i = runs.length - 1; i >= 0; i--) {
    const length = runs[i]![0].length;
    next[i] = lastOfLength.get(length) ?? -1;
    lastOfLength.set(length, i);
  }
  let out = '';
  let from = 0;
  for (let i = 0; i < runs.length; i++) {
    const open = runs[i]!;
    const close = next[i]!;
    if (close < 0) continue;
    const closing = runs[close]!;
    const end = closing.index + closing[0].length;
    out += change(line.slice(from, open.index)) + line.slice(open.index, end);
    from = end;
    i = close;
  }
  return out + change(line.slice(from));
}
