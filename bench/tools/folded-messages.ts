// What a long message folded behind "Show more" costs the panel. First its Markdown alone, in this process (V8, as
// the panel's Chromium): markdownHtml of its first 48 lines as the fold parses it (the inline content of what shows
// only) and parsing all of it first (as before), the median of 30 after 10 to warm up. Then ten messages of each
// kind posted at once into a fresh panel (headless Chromium, the production bundle, 700 x 800), the time until they
// are in the list and a frame is drawn, as bench/panel.ts's hostile rows measure it; the median of a few runs each,
// and the elements the ten left in the page. Texts up to SHOWN_MAX (64K): more than a server allows by default
// (16,000), as one may. A build from before the fold parsed only what it shows has no markdownHtml, and its
// markdown.ts does not load in Node: the Markdown part is left out there (copy this file and the harness into it).
//   node --import tsx bench/tools/folded-messages.ts [runs=5] [name filter]
import { makeSnapshot, startHarness } from '../../test/webview/harness';

const runs = Number(process.argv[2] ?? 5);
const only = process.argv[3] ?? '';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** `n` characters of a base64 blob (letters, digits, `+` and `/`, no line break). */
const base64 = (n: number) => Buffer.from(Array.from({ length: Math.ceil((n * 3) / 4) }, (_, i) => (i * 7919) % 251)).toString('base64').slice(0, n);
/** `n` characters of minified JavaScript on one line (stars, brackets, underscores: Markdown's characters). */
const minified = (n: number) => 'function f_0(a,b){return a*b+c[0]*d_1(e[1])};var x_2=[1,2,3].map(function(y){return y*2});'.repeat(Math.ceil(n / 90)).slice(0, n);

const CASES: [string, string][] = [
  ['8,000 short lines (16,000 characters)', 'x\n'.repeat(8000).slice(0, -1)],
  ['65,535 characters as 32,768 lines of one letter', 'a\n'.repeat(32_768).slice(0, -1)],
  ['65,535 characters as 8,192 lines of 7 letters', 'abcdefg\n'.repeat(8192).slice(0, -1)],
  ['one line of 16,000 characters (base64)', base64(16_000)],
  ['one line of 65,535 characters (base64)', base64(65_535)],
  ['one line of 16,000 characters (minified code)', minified(16_000)],
  ['one line of 65,535 characters (minified code)', minified(65_535)],
  ['one line of 16,000 characters of prose', 'lorem ipsum '.repeat(1334).slice(0, 16_000).trim()],
  ['a log of 16,000 characters, 400 lines', Array.from({ length: 400 }, (_, i) => `[INFO] step_${i} at run (src/file.ts:${i}:3)`).join('\n').slice(0, 16_000)],
];

/** Milliseconds `f` takes, the median of 30 runs after 10. */
function timed(f: () => void): number {
  for (let i = 0; i < 10; i++) f();
  return median(Array.from({ length: 30 }, () => {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  }));
}

async function main(): Promise<void> {
  const { markdownHtml } = await import('../../src/webview/markdown').catch(() => ({ markdownHtml: undefined }));
  if (markdownHtml) {
    console.log('Markdown of the first 48 lines (markdownHtml), ms a message: as folded / parsing all of it first');
    for (const [name, text] of CASES) {
      if (!name.includes(only)) continue;
      const first = timed(() => markdownHtml(text, 48));
      const all = timed(() => markdownHtml(text, 48, false, true));
      console.log(`${name.padEnd(50)} ${first.toFixed(2).padStart(6)} / ${all.toFixed(2).padStart(6)}`);
    }
  }
  console.log('Ten messages at once in a fresh panel, ms until drawn: median (runs), elements left');
  const hx = await startHarness();
  const room = makeSnapshot().activeRoom;
  try {
    for (const [name, text] of CASES) {
      if (!name.includes(only)) continue;
      const times: number[] = [];
      let elements = 0;
      for (let r = 0; r < runs; r++) {
        const p = await hx.open({ height: 800, width: 700, snapshot: makeSnapshot() });
        try {
          const got = await p.tenMessages(room, text);
          times.push(got.ms);
          elements = got.elements;
        } finally {
          await p.close();
        }
      }
      console.log(`${name.padEnd(50)} median ${median(times).toFixed(0).padStart(5)} ms  (${times.map((t) => t.toFixed(0)).join(', ')})  ${elements} elements`);
    }
  } finally {
    await hx.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
