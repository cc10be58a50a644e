// A message's Markdown on a terminal: bold, italic, struck text, code spans and links as the panel's markdown-it reads
// them, in the terminal's styles around the text as written (the markers grey).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { inlineStyles, quoteMarkers } from '../../src/cli/inlineStyles';
import { newChatMarkdown } from '../../src/protocol/chatMarkdown';

// eslint-disable-next-line no-control-regex -- the escape sequences are what it removes
const withoutEscapes = (line: string) => line.replace(/\u001b\[[0-9;]*m/g, '');

/** A line's one styled line (inlineStyles of it alone). */
const styled = (line: string, bold = false) => inlineStyles([line], bold).get(0);

/** The styles a line's characters are in: per character shown, its styles as letters (b, i, s, c, u; g: a marker). */
function stylesRead(line: string): string {
  const on = new Set<string>();
  let out = '';
  const codes: Record<string, [string, boolean]> = {
    '1': ['b', true], '22': ['b', false], '3': ['i', true], '23': ['i', false], '9': ['s', true], '29': ['s', false],
    '4': ['u', true], '24': ['u', false],
  };
  // eslint-disable-next-line no-control-regex -- the escape sequences are what it reads
  for (const [, code, ch] of line.matchAll(/\u001b\[(\d+)m|([^\u001b])/gu)) {
    if (code === '39' || code === '36' || code === '90') {
      // (a colour: the one before it off)
      on.delete('c');
      on.delete('g');
      if (code !== '39') on.add(code === '36' ? 'c' : 'g');
    } else if (code !== undefined) {
      const [name, set] = codes[code] ?? assert.fail(`an escape sequence of no style: ${code}`);
      if (set) on.add(name);
      else on.delete(name);
    } else out += `${ch}${[...on].sort().join('')}|`;
  }
  assert.equal(on.size, 0, `the line ends in no style: ${JSON.stringify(line)}`);
  return out;
}

test('bold, italic, struck text, code spans and links in their styles, the markers grey; the text is as written', () => {
  const line = 'a **bold** _it_ ~~no~~ `x()` [docs](https://example.com "t") <https://a.b>';
  const shown = styled(line)!;
  assert.equal(withoutEscapes(shown), line);
  const each = (text: string, styles = '') => [...text].map((c) => `${c}${styles}|`).join('');
  assert.equal(stylesRead(shown), [
    each('a '), each('**', 'g'), each('bold', 'b'), each('**', 'g'), each(' '),
    each('_', 'g'), each('it', 'i'), each('_', 'g'), each(' '),
    each('~~', 'g'), each('no', 's'), each('~~', 'g'), each(' '),
    each('`', 'g'), each('x()', 'c'), each('`', 'g'), each(' '),
    each('[', 'g'), each('docs', 'u'), each('](https://example.com "t")', 'g'), each(' '),
    each('<', 'g'), each('https://a.b', 'u'), each('>', 'g'),
  ].join(''));
});

test('what the panel reads as no Markdown is left alone: arithmetic, a word with underscores, a link it would not open, a lone marker', () => {
  for (const line of ['2*3*4 and 2**10', 'snake_case_name', '[run](javascript:alert(1))', 'a * b', 'x ~ y', 'it costs $5 `', '**not closed']) {
    assert.equal(styled(line), undefined, line);
  }
  // (a code span is code to the end: no emphasis in it)
  assert.equal(stylesRead(styled('`*a*`')!), '`g|*c|ac|*c|`g|');
});

test('a paragraph over several lines is read whole: emphasis opened on one line ends on the next, each line closing its styles', () => {
  const lines = ['> see **the', '> docs** here', '- an _item', '  on two_ lines'];
  const out = inlineStyles(lines);
  assert.deepEqual([...out.keys()], [0, 1, 2, 3]);
  assert.deepEqual(lines.map((_, n) => withoutEscapes(out.get(n)!)), lines, "the quote's `> ` and the item's marks print as they are");
  assert.equal(stylesRead(out.get(1)!), '>| |db|ob|cb|sb|*g|*g| |h|e|r|e|');
  assert.equal(stylesRead(out.get(3)!), ' | |oi|ni| i|ti|wi|oi|_g| |l|i|n|e|s|');
});

test("a fenced code block's lines are not Markdown: left to the code's colours", () => {
  const lines = ['look:', '```', 'let **a** = 1', '```', 'and **this**'];
  assert.deepEqual([...inlineStyles(lines).keys()], [4]);
});

test('a line that mentions you is bold throughout: its bold text neither adds bold nor ends it', () => {
  const shown = styled('**ship** it, @me', true)!;
  assert.doesNotMatch(shown, /\u001b\[(1|22)m/); // eslint-disable-line no-control-regex -- what it looks for
  assert.ok(stylesRead(shown).startsWith('*g|*g|s|h|i|p|*g|*g|'), shown);
  assert.ok(stylesRead(styled('**ship** it')!).startsWith('*g|*g|sb|hb|ib|pb|*g|*g|'));
});

/** A text's characters as markdown-it shows them (its tokens' text) with their styles, the way stylesRead reads them. */
function panelStyles(text: string): string {
  const md = newChatMarkdown();
  const on = new Map<string, number>();
  const names: Record<string, string> = { strong: 'b', em: 'i', s: 's' };
  let out = '';
  const add = (content: string, extra = '') => {
    for (const ch of content) out += `${ch}${[...new Set([...[...on].filter(([, n]) => n > 0).map(([k]) => k), ...extra])].sort().join('')}|`;
  };
  const links: boolean[] = [];
  for (const t of md.parseInline(text, {})[0]?.children ?? []) {
    if (t.type.endsWith('_open') && names[t.tag]) on.set(names[t.tag]!, (on.get(names[t.tag]!) ?? 0) + 1);
    else if (t.type.endsWith('_close') && names[t.tag]) on.set(names[t.tag]!, (on.get(names[t.tag]!) ?? 0) - 1);
    else if (t.type === 'link_open') {
      // (a bare address the panel makes a link of is none on a terminal: terminals find addresses themselves)
      const explicit = t.markup !== 'linkify';
      links.push(explicit);
      if (explicit) on.set('u', (on.get('u') ?? 0) + 1);
    } else if (t.type === 'link_close') {
      if (links.pop()) on.set('u', (on.get('u') ?? 0) - 1);
    } else if (t.type === 'code_inline') add(t.content, 'c');
    else add(t.content);
  }
  return out;
}

/** stylesRead's reading without the markers, and a code span's text as Markdown takes it (one space in from each end). */
function terminalStyles(line: string): string {
  const read = stylesRead(styled(line) ?? line);
  const chars = [...read.matchAll(/(.)([a-z]*)\|/gsu)].map(([, ch, s]) => ({ ch: ch!, s: s! })).filter(({ s }) => !s.includes('g'));
  const out: string[] = [];
  for (let k = 0; k < chars.length; ) {
    if (!chars[k]!.s.includes('c')) {
      out.push(`${chars[k]!.ch}${chars[k]!.s}|`);
      k++;
      continue;
    }
    let end = k;
    while (end < chars.length && chars[end]!.s.includes('c')) end++;
    let span = chars.slice(k, end);
    const text = span.map((c) => c.ch).join('');
    if (text.length > 2 && text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '') span = span.slice(1, -1);
    out.push(...span.map((c) => `${c.ch}${c.s}|`));
    k = end;
  }
  return out.join('');
}

test("the styles are the panel's: random texts of Markdown's markers, read by the panel's markdown-it and by the terminal", () => {
  const pieces = ['*', '*', '**', '_', '__', '~', '~~', '`', '``', 'a', 'b', '2', ' ', ' ', '.', '[', ']', '](https://x.y)', '(', ')', '<https://x.y>', '<', '>', 'https://z.w'];
  // (a fixed sequence of texts: the same ones at every run)
  let seed = 20261207;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let k = 0; k < 4000; k++) {
    const length = 1 + Math.floor(next() * 14);
    // (after a word: a text that starts with ``` or `* ` is a block of code or a list, in the panel and here)
    const text = `x ${Array.from({ length }, () => pieces[Math.floor(next() * pieces.length)]).join('')}`;
    const shown = styled(text);
    if (shown !== undefined) assert.equal(withoutEscapes(shown), text);
    assert.equal(terminalStyles(text), panelStyles(text), JSON.stringify(text));
  }
});

test("markdown-it, highlight.js and the emoji names load with the first message that needs them, not with the terminal's code: a headless host never needs them", () => {
  // (a process of its own: this one has loaded them above)
  const script = [
    "const { renderForTerminal } = require('./src/cli/terminal.ts');",
    "const loaded = () => ['/node_modules/markdown-it/', '/node_modules/highlight.js/', '/node_modules/markdown-it-emoji/'].map((p) => Object.keys(require.cache).some((f) => f.includes(p))).join();",
    'const before = loaded();',
    "renderForTerminal({ type: 'message', room: 'general', seq: 1, time: 0, from: 'ann', text: 'plain', kind: 'text' }, 'me', true);",
    'const plain = loaded();',
    "renderForTerminal({ type: 'message', room: 'general', seq: 2, time: 0, from: 'ann', text: '**bold**', kind: 'text' }, 'me', true);",
    'console.log(JSON.stringify([before, plain, loaded()]));',
  ].join('\n');
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), ['false,false,false', 'false,false,false', 'true,true,true']);
});

test("a quote's markers, to its last `>`, by line: a reply's quote prints them grey; a `>` in code or in the text is none", () => {
  const lines = ['> the build is red', '>', '> > since 9:00', '> - a step', '', 'a > b', '```', '> code', '```', '> ```', '> x'];
  assert.deepEqual([...quoteMarkers(lines)], [[0, 1], [1, 1], [2, 3], [3, 1], [9, 1], [10, 1]]);
  assert.equal(quoteMarkers(['no quote here']).size, 0);
});

test("an @name of the room's people in their colour (the panel's reading of it), with the text's other styles; in code, code's colour", () => {
  const people = { names: ['bob', 'Ann'], colourOf: (n: string) => (n === 'bob' ? 35 : 32) };
  assert.deepEqual([...inlineStyles(['hey @bob and `@bob`, **@ann**', 'no one here, ops@bob.dev, @bobby'], false, undefined, people)], [
    [0, 'hey \x1b[35m@bob\x1b[39m and \x1b[90m`\x1b[36m@bob\x1b[90m`\x1b[39m, \x1b[90m**\x1b[1m\x1b[32m@ann\x1b[22m\x1b[90m**\x1b[39m'],
  ]);
  // (without the people, as before: no colour)
  assert.deepEqual([...inlineStyles(['hey @bob'], false)], []);
});
