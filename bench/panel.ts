// Panel benchmark (issue 5): time to render a 10,000-message history, whether the panel keeps up with
// 1,000 messages a second, and the bundle and .vsix sizes. Headless Chromium, the production panel HTML.
// Usage: node --import tsx bench/panel.ts [--no-write]     (part of `npm run bench`; never part of `npm test`)
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSnapshot, ROOT, startHarness, type Panel } from '../test/webview/harness';

const write = !process.argv.includes('--no-write');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const hx = await startHarness();
  try {
    const p = await hx.open({ height: 800, width: 700 });
    const loads: number[] = [];
    for (let i = 0; i < 5; i++) loads.push(await p.loadHistory(10_000));
    const scroll = await p.scrollFrames(120, 400);
    const room = makeSnapshot().activeRoom;
    // 1,000 msg/s for 5 s: 10 messages every 10 ms, posted in the page as the extension would post them
    const live = await keepUp(p, room, 5000, 0);
    const counts = await p.rowCounts();
    // hostile messages: ten of each at once (the longest a message may be by default), in a fresh panel; how long
    // until they are in the list and a frame is drawn. Prose of the same length is the reference.
    const hostile: { name: string; ms: number }[] = [];
    for (const [name, text] of [
      ['prose (reference)', 'lorem ipsum '.repeat(1333)],
      ['2,000 empty code fences', '```\n'.repeat(4000)],
      ['one letter and 15,999 combining marks', 'a' + '\u0301'.repeat(15_999)],
      ['runs of 8 marks parted by zero-width spaces', 'a' + ('\u0301'.repeat(8) + '\u200B').repeat(1777)],
      ['9 marks, then 15,000 zero-width spaces', 'a' + '\u0301'.repeat(9) + 'x' + '\u200B'.repeat(15_000) + 'y'],
      ['a list nested 50 deep', '- '.repeat(50) + 'words'],
      ['4,000 emoji names (`:+1:`)', ':+1:'.repeat(4000)],
      ['4,000 `((b)`: a path link could start at every `(`', '((b)'.repeat(4000)],
      // (a path glued to CJK text may start after any such letter; one with spaces, after any quote)
      ['8,000 `漢a`: a path glued to CJK text could start at every `a`', '漢a'.repeat(8000)],
      ['3,200 `"a a/`: a quoted path with spaces could start at every `"`', '"a a/'.repeat(3200)],
      // (a run of CJK letters: a path glued to it was looked for back over the whole run from each letter, 0.3 s for one)
      ['16,000 `漢`: one run of CJK text, no path', '漢'.repeat(16_000)],
      // a pasted log: folded behind "Show more" (which builds its first lines only)
      ['8,000 short lines (a pasted log)', 'x\n'.repeat(8000).slice(0, -1)],
    ] as const) {
      const q = await hx.open({ height: 800, width: 700, snapshot: makeSnapshot() });
      try {
        hostile.push({ name, ms: Math.round((await q.tenMessages(room, text)).ms) });
      } finally {
        await q.close();
      }
    }
    // a room of 1,000 people: 1,000 msg/s for 3 s, and with 50 of them a second coming, going or away
    const crowd = makeSnapshot();
    crowd.rooms = crowd.rooms.map((r) => (r.name === room ? { ...r, members: [...r.members, ...Array.from({ length: 1000 }, (_, i) => ({ nick: `user${i}`, role: 'member' as const }))] } : r));
    const bigRoom: { name: string; run: Live }[] = [];
    for (const [name, total, churn] of [['1,000 msg/s', 3000, 0], ['1,000 msg/s and 50 people a second coming, going or away', 3000, 50]] as const) {
      const q = await hx.open({ height: 800, width: 700, snapshot: crowd });
      try {
        bigRoom.push({ name, run: await keepUp(q, room, total, churn) });
      } finally {
        await q.close();
      }
    }
    const size = (f: string) => (existsSync(join(ROOT, f)) ? statSync(join(ROOT, f)).size : NaN);
    const result = {
      date: new Date().toISOString(),
      historyRenderMs: { runs: loads.map((x) => Math.round(x)), median: Math.round(median(loads)) },
      scrollFrameMs: { median: +median(scroll).toFixed(1), max: +Math.max(...scroll).toFixed(1), over50ms: scroll.filter((f) => f > 50).length, frames: scroll.length },
      live,
      hostile,
      bigRoom,
      domRows: counts.rendered,
      rows: counts.rows,
      bytes: { extension: size('dist/extension.js'), server: size('dist/server.js'), transcript: size('dist/transcript.js'), codeSearch: size('dist/codeSearch.js'), webview: size('dist/webview.js'), cli: size('dist/cli.js'), vsix: size('tcp-chat.vsix') },
    };
    console.log(JSON.stringify(result, null, 2));
    if (write) {
      mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
      writeFileSync(join(ROOT, 'bench/results/panel-latest.json'), JSON.stringify(result, null, 2) + '\n');
      const kb = (n: number) => (Number.isNaN(n) ? 'not built (run `npm run package`)' : `${(n / 1024).toFixed(1)} KB`);
      // (a size target is met only under both readings of KB: 1,024 bytes, as vsce counts, and 1,000, the stricter)
      const sized = (n: number) => (Number.isNaN(n) ? 'not built (run `npm run package`)' : `${kb(n)} (${n.toLocaleString('en-US')} bytes)`);
      const md = `# Panel benchmarks

Generated by \`node --import tsx bench/panel.ts\` (the end of \`npm run bench\`) on ${result.date}: headless Chromium,
the production panel HTML and bundle, a 700 x 800 panel. Raw data: [\`bench/results/panel-latest.json\`](../bench/results/panel-latest.json).

| Target (issue 5) | Measured | Verdict |
|---|---|---|
| 10,000 history messages render in under 200 ms | median ${result.historyRenderMs.median} ms (runs: ${result.historyRenderMs.runs.join(', ')} ms) | ${result.historyRenderMs.median < 200 ? '**met**' : '**missed**'} |
| keeps up with 1,000 msg/s | ${live.posted} messages posted over ${(live.elapsedMs / 1000).toFixed(2)} s (${Math.round(live.rate)} msg/s), ${live.rendered} in the list at the end; longest gap between frames ${live.maxFrameGapMs.toFixed(0)} ms | ${live.rendered === live.posted && live.rate >= 950 ? '**met**' : '**missed**'} |
| extension bundle under 150 KB | ${sized(result.bytes.extension)} at activation; the server's own bundle, ${kb(result.bytes.server)}, loads on Host Chat only, the transcript's, ${kb(result.bytes.transcript)}, on Save Conversation, Open's and Apply's search, ${kb(result.bytes.codeSearch)}, at the first Open or Apply | ${result.bytes.extension < 150_000 ? '**met**' : '**missed**'} |
| .vsix under 300 KB | ${sized(result.bytes.vsix)} | ${result.bytes.vsix < 300_000 ? '**met**' : Number.isNaN(result.bytes.vsix) ? 'not measured' : '**missed**'} |

Also: scrolling the 10,000-message list 400 px a frame for ${scroll.length} frames: median frame ${result.scrollFrameMs.median} ms,
longest ${result.scrollFrameMs.max} ms, ${result.scrollFrameMs.over50ms} frames over 50 ms; rows in the page at the end: ${counts.rendered}
of ${counts.rows}. Webview bundle ${kb(result.bytes.webview)} (markdown-it, markdown-it-emoji's names, DOMPurify, highlight.js
core with a few languages), CLI ${kb(result.bytes.cli)}.

Hostile messages: ten at once of the longest text a message may have (16,000 characters), in a fresh panel; the time
until they are in the list and a frame is drawn (every member's panel pays it):

| Ten messages of | ms |
|---|---|
${hostile.map((h) => `| ${h.name} | ${h.ms} |`).join('\n')}

A room of 1,000 people (the members pane shows 500), for 3 s: messages posted as above, and people coming, going
or marked away between them; frames and the page's long tasks (over 50 ms) meanwhile:

| Load | lines in the list / posted (messages, joins, leaves) | longest gap between frames | frames over 50 ms apart | long tasks, their total |
|---|---|---|---|---|
${bigRoom.map((b) => `| ${b.name} | ${b.run.rendered} / ${b.run.posted} | ${b.run.maxFrameGapMs.toFixed(0)} ms | ${b.run.slowFrames} | ${b.run.longTasks}, ${b.run.longTaskMs.toFixed(0)} ms |`).join('\n')}
`;
      writeFileSync(join(ROOT, 'docs/benchmarks-panel.md'), md);
    }
  } finally {
    await hx.close();
  }
}

interface Live { posted: number; rendered: number; elapsedMs: number; rate: number; maxFrameGapMs: number; slowFrames: number; longTasks: number; longTaskMs: number }

/**
 * Posts `total` messages at 1,000 a second in the page (10 every 10 ms, as the extension would post them) and, when
 * `churn` is given, that many presence changes a second between them (a join, a leave, an away, in turn); how the
 * panel kept up: what reached the list, the frames, and the page's long tasks.
 */
async function keepUp(p: Panel, room: string, total: number, churn: number): Promise<Live> {
  return (await p.page.evaluate(async ({ room, total, churn }) => {
    const x = (window as unknown as { __tcpChat: { rowCount(): number } }).__tcpChat;
    const before = x.rowCount();
    const t0 = performance.now();
    let sent = 0;
    let changed = 0;
    let lines = 0;
    let seq = 100_000;
    let maxGap = 0;
    let slowFrames = 0;
    let lastFrame = t0;
    let frames = true;
    const long: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) long.push(e.duration);
    });
    try {
      observer.observe({ type: 'longtask' });
    } catch {
      // (no long task timing in this browser: none counted)
    }
    const watch = (t: number) => {
      maxGap = Math.max(maxGap, t - lastFrame);
      if (t - lastFrame > 50) slowFrames++;
      lastFrame = t;
      if (frames) requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
    const post = (msg: object) => window.postMessage({ type: 'server', msg }, '*');
    await new Promise<void>((done) => {
      const tick = () => {
        const now = performance.now() - t0;
        const due = Math.min(total, Math.floor(now));
        while (sent < due) {
          sent++;
          post({ type: 'message', room, seq: ++seq, time: Date.now(), from: sent % 2 ? 'alice' : 'bob', text: `live message ${sent}`, kind: 'text' });
        }
        const changes = Math.floor((now / 1000) * churn);
        while (changed < changes) {
          const k = changed++ % 3;
          // (a join and a leave are lines in the list; an away is not)
          if (k === 0) post({ type: 'away', room, nick: `user${(changed * 7) % 1000}`, away: changed % 2 === 0 });
          else if (k === 1) post({ type: 'join', room, seq: ++seq, time: Date.now(), nick: `guest${changed}`, role: 'member' });
          else post({ type: 'leave', room, seq: ++seq, time: Date.now(), nick: `guest${changed - 1}`, reason: 'quit' });
          if (k !== 0) lines++;
        }
        if (sent >= total) done();
        else setTimeout(tick, 10);
      };
      tick();
    });
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => requestAnimationFrame(() => r(undefined)));
    const elapsed = performance.now() - t0;
    frames = false;
    observer.disconnect();
    return { posted: total + lines, rendered: x.rowCount() - before, elapsedMs: elapsed, rate: total / (elapsed / 1000), maxFrameGapMs: maxGap, slowFrames, longTasks: long.length, longTaskMs: long.reduce((a, b) => a + b, 0) };
  }, { room, total, churn })) as Live;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
