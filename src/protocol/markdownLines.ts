// Which lines of a Markdown text are code, as Markdown (CommonMark, as the panel's markdown-it) reads them: fenced
// and indented blocks, at the top or inside quotes and list items. For what must not count as prose (a nickname in
// a pasted log is no mention) and for cutting a text into a quote without leaving a block open.

/** One line as Markdown reads it. */
export interface MarkdownLine {
  /** The line is code (a fence of a fenced block, or a line inside one; a line of an indented block). */
  code: boolean;
  /** The line without the quote markers and list indentation its containers take. */
  text: string;
  /** The paragraph (or other block) the line is part of: an inline code span never runs from one to another. */
  block: number;
}

type Container = { quote: true } | { quote: false; indent: number };
type Leaf = { kind: 'none' | 'paragraph' | 'indented' } | { kind: 'fence'; fence: string };

const QUOTE = /^ {0,3}> ?/;
/** A quote goes on at a `>` however far in (as markdown-it reads it; it starts at most three spaces in). */
const QUOTE_AGAIN = /^ *> ?/;
/** A list item's marker, and the spaces after it (content starts after 1-4 of them; 5 or more: after 1). */
const LIST_ITEM = /^( {0,3})([-+*]|\d{1,9}[.)])( *)/;
/** A code fence: at most three spaces in, three or more backticks or tildes. */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** Containers nested deeper than this open no more (markdown-it stops about as deep): each line walks them all. */
const MAX_NESTING = 100;

/**
 * Each line of `lines` as Markdown reads it, and the top-level fence still open after the last line ('' when none;
 * a fence inside a quote or list item is closed by whatever ends the container). A fenced block runs to a fence of
 * the same character at least as long, or to the end of its container; a backtick fence's info string holds no
 * backtick (```` ```x``` ```` is an inline span). An indented block (4 spaces in) cannot break into a paragraph.
 */
export function markdownLines(lines: readonly string[]): { lines: MarkdownLine[]; open: string } {
  let stack: Container[] = [];
  let leaf = { kind: 'none' } as Leaf; // (as: the callback below assigns it; the end reads it as any of the kinds)
  let block = 0;
  const out = lines.map((raw): MarkdownLine => {
    let rest = expandTabs(raw);
    // the containers this line continues: their markers, their indentation (a blank line goes on with every list
    // item, up to the first quote)
    let blank = rest.trim() === '';
    let matched = blank ? quoteAt(stack) : 0;
    for (; matched < stack.length; matched++) {
      const c = stack[matched]!;
      if (c.quote) {
        const m = QUOTE_AGAIN.exec(rest);
        if (!m) break;
        rest = rest.slice(m[0].length);
        blank = rest.trim() === '';
      } else if (!blank) {
        if (leadingSpaces(rest) < c.indent) break;
        rest = rest.slice(c.indent);
      }
    }
    if (matched < stack.length) {
      // a paragraph goes on in a line that starts no block of its own ("lazy" continuation); else the
      // containers not continued end, and a block of code in them with them
      if (leaf.kind === 'paragraph' && !blank && !startsBlock(rest)) return { code: false, text: rest, block };
      stack = stack.slice(0, matched);
      leaf = { kind: 'none' };
    }
    if (leaf.kind === 'fence') {
      const m = FENCE.exec(rest);
      const f = leaf.fence;
      if (m && m[1]![0] === f[0] && m[1]!.length >= f.length && rest.slice(m[0].length).trim() === '') leaf = { kind: 'none' };
      return { code: true, text: rest, block };
    }
    // new containers this line opens
    while (stack.length < MAX_NESTING) {
      const q = QUOTE.exec(rest);
      if (q) {
        stack.push({ quote: true });
        rest = rest.slice(q[0].length);
        leaf = { kind: 'none' };
        continue;
      }
      const item = listItem(rest, leaf.kind === 'paragraph');
      if (item === null) break;
      stack.push({ quote: false, indent: item });
      rest = rest.slice(Math.min(item, rest.length));
      leaf = { kind: 'none' };
    }
    if (rest.trim() === '') {
      if (leaf.kind === 'paragraph') leaf = { kind: 'none' };
      block++;
      return { code: false, text: rest, block };
    }
    const fence = FENCE.exec(rest);
    if (fence && !(fence[1]![0] === '`' && rest.slice(fence[0].length).includes('`'))) {
      leaf = { kind: 'fence', fence: fence[1]! };
      block++;
      return { code: true, text: rest, block };
    }
    if (leaf.kind !== 'paragraph' && leadingSpaces(rest) >= 4) {
      leaf = { kind: 'indented' };
      return { code: true, text: rest, block };
    }
    if (leaf.kind !== 'paragraph') block++;
    leaf = { kind: 'paragraph' };
    return { code: false, text: rest, block };
  });
  const open = leaf.kind === 'fence' && stack.length === 0 ? leaf.fence : '';
  return { lines: out, open };
}

/**
 * The width of the list item's marker and the spaces after it, when `line` starts one (null when not). An item
 * breaks into a paragraph only if it has text, and a numbered one only if it starts at 1.
 */
function listItem(line: string, inParagraph: boolean): number | null {
  const m = LIST_ITEM.exec(line);
  if (!m) return null;
  const after = line.slice(m[0].length);
  const spaces = m[3]!.length;
  if (spaces === 0 && after !== '') return null; // (`-x`, `1.5`: no item)
  if (inParagraph && (after === '' || (/\d/.test(m[2]![0]!) && Number.parseInt(m[2]!, 10) !== 1))) return null;
  // a blank item's content, or one that starts with an indented block, starts one space after its marker
  const gap = after === '' || spaces > 4 ? 1 : spaces;
  return m[1]!.length + m[2]!.length + gap;
}

/**
 * A line outside the containers of a paragraph starts a block that ends them, rather than going on with the
 * paragraph: a quote, a fence, a list item of any kind (an item that breaks into a paragraph inside its own
 * container must have text, and a numbered one start at 1: see listItem).
 */
function startsBlock(line: string): boolean {
  return QUOTE.test(line) || FENCE.test(line) || listItem(line, false) !== null;
}

/** The first quote of `stack`, or its length when it has none. */
function quoteAt(stack: readonly Container[]): number {
  const i = stack.findIndex((c) => c.quote);
  return i < 0 ? stack.length : i;
}

function leadingSpaces(line: string): number {
  return /^ */.exec(line)![0].length;
}

/**
 * Tabs in the markers and indentation a line starts with (`>`, `-`, `1.`, spaces) as the spaces they stand for, to
 * the next multiple of four: `-\t\tx` is an item whose content is an indented block, `>\t```` a fence in a quote.
 */
export function expandTabs(line: string): string {
  const lead = /^[ \t>*+\-\d.)]*/.exec(line)![0];
  if (!lead.includes('\t')) return line;
  let out = '';
  for (const ch of lead) out += ch === '\t' ? ' '.repeat(4 - (out.length % 4)) : ch;
  return out + line.slice(lead.length);
}

/**
 * What `line` has before its content (`text`, as markdownLines reads it: its markers' tabs as spaces): its
 * containers' markers, a quote's `> `, a list item's indentation ('' at the top level, where the content is the line
 * as written, tabs and all); undefined when a tab's columns are partly the markers' and partly the content's.
 */
export function markersOf(line: string, text: string): string | undefined {
  const width = expandTabs(line).length - text.length;
  for (let k = 0, column = 0; k <= line.length && column <= width; k++) {
    if (column === width) return line.slice(0, k);
    column = line[k] === '\t' ? column + 4 - (column % 4) : column + 1;
  }
  return undefined;
}
