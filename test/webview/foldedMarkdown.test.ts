// A folded message parses the inline content of the blocks it shows only (markdownHtml): these tests hold what that
// renders to what parsing all of the text renders, up to the same cut, HTML for HTML, over texts made to trip it: a
// fence opened above the fold and closed far below, a list loose by a blank line below it, a link defined at the end,
// emphasis, code spans and link texts that close below, a line break made by what ends a line, and random ones.
import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { markdownHtml } from '../../src/webview/markdown';

/** What the fold builds at first (FOLDED_LINES), and as it is built further (FOLD_GROWTH), and a few lines only. */
const MAXES = [48, 192, 3, 10];

/** Folded `text` parsed as the fold does it, and by parsing all of it first: the same HTML, cut and code to copy. */
function sameAsWhole(text: string, label: string, inline = false): void {
  // (the panel's highlighting has 100 ms a second, timed: on a loaded machine one side could run out of it and show
  // its code plain. Here no highlighting takes any time)
  const clock = mock.method(performance, 'now', () => 0);
  try {
    for (const max of MAXES) {
      assert.deepEqual(markdownHtml(text, max, inline), markdownHtml(text, max, inline, true), `${label}, ${max} lines${inline ? ', a /me' : ''}`);
    }
  } finally {
    clock.mock.restore();
  }
}

const lines = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('\n');

describe('a folded message parses what it shows only, and shows what the whole parse shows', () => {
  test('what closes or is defined far below the fold: a fence, a loose list, a link definition, emphasis, a code span, a link text, its address, strikethrough', () => {
    const cases: Record<string, string> = {
      'a fence opened above, closed far below': `text\n\`\`\`ts\n${lines(3000, (i) => `const x${i} = ${i};`)}\n\`\`\`\nafter`,
      'a fence never closed': `\`\`\`\n${lines(3000, (i) => `line ${i}`)}`,
      'a list loose by a blank line far below': `${lines(2000, (i) => `- item ${i}`)}\n\n- the last, apart`,
      'a list nested, cut in its middle': lines(2000, (i) => `${'  '.repeat(i % 4)}- item ${i}`),
      'a link defined at the end': `[the docs][d] and [d]\n${lines(3000, (i) => `L${i}`)}\n\n[d]: https://example.com/docs "Docs"`,
      'a link defined in a quote at the end': `[the docs][d]\n${lines(3000, (i) => `L${i}`)}\n\n> [d]: https://example.com/q`,
      'emphasis that closes far below': `*it starts here\n${lines(3000, (i) => `L${i}`)}\nand ends here*`,
      'strong emphasis with underscores': `__it starts here\n${lines(3000, (i) => `L${i}`)}\nand ends here__`,
      'strikethrough': `~~it starts here\n${lines(3000, (i) => `L${i}`)}\nand ends here~~`,
      'a code span across the lines at the fold': `${lines(40, (i) => `L${i}`)}\n\`${lines(20, (i) => `C${i}`)}\`\n${lines(3000, (i) => `L${i}`)}`,
      'a code span that closes far below': `\`it starts here\n${lines(3000, (i) => `L${i}`)}\nand ends here\``,
      "a link's text that closes far below": `[it starts here\n${lines(3000, (i) => `L${i}`)}\nand ends here](https://example.com/)`,
      "a link's title that closes far below": `[text](https://example.com/ "it starts here\n${lines(3000, (i) => `L${i}`)}\nand ends here")`,
      "a link's text with an escaped bracket, closed far below": `[it starts \\] here\n${lines(3000, (i) => `L${i}`)}\nand ends](https://example.com/)`,
      "a link's text with a bracket in code, closed far below": `[it starts \`]\` here\n${lines(3000, (i) => `L${i}`)}\nand ends](https://example.com/)`,
      "a link's text with a bracket in an autolink, closed far below": `[it starts <https://e.com/]> here\n${lines(3000, (i) => `L${i}`)}\nand ends](https://example.com/)`,
      'a reference whose label closes far below': `[a][it starts\n${lines(3000, (i) => `L${i}`)}\nends]\n\n[it starts ends]: https://example.com/`,
      'brackets in a log, closed on each line': lines(3000, (i) => `[INFO] [${i}] started (pid ${i})`),
      'snake_case and stars in a log': lines(3000, (i) => `at module_${i}.run_all (file_${i}.py:${i}) 2*${i}`),
      'a line break made by two spaces or a backslash': lines(3000, (i) => (i % 3 === 0 ? `L${i}  ` : i % 3 === 1 ? `L${i}\\` : `L${i}`)),
      'a table across the fold': `| a | b |\n|---|---|\n${lines(3000, (i) => `| ${i} | *${i}* |`)}`,
      'a quote across the fold': lines(3000, (i) => `> quoted ${i} *em* \`c\``),
      'links and emoji on every line': lines(3000, (i) => `:tada: see https://example.com/${i}_a and <https://example.com/${i}> :+1:`),
      'paragraphs apart': lines(3000, (i) => (i % 5 === 4 ? '' : `para ${i} _x_ **y**`)),
      'one line of 60,000 characters with emphasis and a link': `*${'word '.repeat(12_000)}* https://example.com/${'a'.repeat(5000)}\nnext`,
      'CR LF line ends': lines(3000, (i) => `L${i} *x*\r`),
    };
    for (const [label, text] of Object.entries(cases)) {
      sameAsWhole(text, label);
      if (!label.startsWith('a fence') && !label.includes('list') && !label.includes('defined') && !label.includes('table') && !label.includes('quote') && !label.includes('reference')) sameAsWhole(text, label, true);
    }
  });

  test('random texts of Markdown across lines: the same as the whole parse, every one', () => {
    // (a fixed seed: the same texts at every run)
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const bits = ['*', '**', '_', '__', 'a_b', '~~', '~', '`', '``', '[', ']', '](', ')', '(', '[x]', '[d]', '\\', '\\*', '<', '>', '<https://e.com/a>', 'https://e.com/x_y', '2*3', ':tada:', '&amp;', '&#91;', '"', '  ', 'word', 'two words', '|', '🎉', '👨‍👩‍👧'];
    const starts = ['', '', '', '', '> ', '- ', '1. ', '    ', '```', '', '[d]: https://e.com/d', '  - ', '| a | b |'];
    for (let n = 0; n < 300; n++) {
      const text = lines(60 + random(200), () => (random(8) === 0 ? '' : starts[random(starts.length)]! + Array.from({ length: random(6) }, () => bits[random(bits.length)]).join(random(2) ? ' ' : '')));
      sameAsWhole(text, `random text ${n}: ${JSON.stringify(text.slice(0, 200))}`);
      sameAsWhole(text, `random text ${n}: ${JSON.stringify(text.slice(0, 200))}`, true);
    }
  });

  test("a long log parses the inline content of its first lines only, as what it shows: the paragraph's lines within the fold and one more", () => {
    // (what markdown-it's inline parser is given, counted: its parse of a log of 32,768 lines took ~40 ms to show 48)
    const parser = Object.getPrototypeOf(new MarkdownIt().inline) as { parse: (src: string, ...rest: unknown[]) => void };
    const parse = parser.parse;
    let parsed = 0;
    parser.parse = function (this: unknown, src: string, ...rest: unknown[]) {
      parsed += src.length;
      return parse.call(this, src, ...rest);
    };
    try {
      const log = lines(32_768, (i) => (i % 2 ? `[INFO] step_${i} done` : `at run (src/file.ts:${i}:3)`));
      for (const inline of [false, true]) {
        parsed = 0;
        const folded = markdownHtml(log, 48, inline)!;
        assert.ok(parsed < 2000, `${parsed} characters of ${log.length} parsed to their inline content${inline ? ' (a /me)' : ''}`);
        assert.deepEqual(folded, markdownHtml(log, 48, inline, true));
        assert.equal(folded.cut, true);
        assert.match(folded.html, /^(?:<p>)?at run \(src\/file\.ts:0:3\)<br>\n\[INFO\] step_1 done<br>\n/);
      }
    } finally {
      parser.parse = parse;
    }
  });
});
