// Turns a bench result (see run.mjs) into docs/benchmarks.md and two SVG charts, with no dependency.
import fs from 'node:fs';
import path from 'node:path';
import { TARGETS } from './targets.mjs';

const COLORS = { 'ours-rich': '#1f77b4', 'ours-plain': '#17becf', seed: '#d62728', ngircd: '#2ca02c', echo: '#7f7f7f' };

const median = (xs) => {
  const v = xs.filter((x) => x != null && !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const fmtN = (x) => (x == null ? '–' : x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e4 ? `${(x / 1e3).toFixed(0)} k` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(0));
const f = (x, d = 1) => (x == null || Number.isNaN(x) ? '–' : x < 10 && d < 2 ? x.toFixed(2) : x.toFixed(d));
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** ' (fell after N s)': the second of an idle wait at which RSS first read a tenth below its first reading. */
export function fellAfter(idle) {
  const xs = idle?.samplesMB ?? [];
  const i = xs.findIndex((x) => x < 0.9 * xs[0]);
  return i > 0 ? ` (fell after ${i + 1} s)` : '';
}

/** Medians over repeats of every (target, C, mode); integrity counts are summed over the repeats. */
export function summarize(fanout) {
  const groups = new Map();
  for (const r of fanout) {
    const k = `${r.target}|${r.C}|${r.mode}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(r);
  }
  const out = [];
  for (const rs of groups.values()) {
    const m = (key) => median(rs.map((r) => r[key]));
    const s = (key) => rs.reduce((a, r) => a + (r[key] ?? 0), 0);
    out.push({
      target: rs[0].target, C: rs[0].C, mode: rs[0].mode, runs: rs.length,
      deliveriesPerS: m('deliveriesPerS'), msgsPerS: m('msgsPerS'), p50Ms: m('p50Ms'), p99Ms: m('p99Ms'), maxMs: m('maxMs'),
      serverCpuPct: m('serverCpuPct'), cpuUsPerDelivery: m('cpuUsPerDelivery'), serverRssMB: m('serverRssMB'),
      // the kernel's part (system time, sampled per 10 ms tick) of the CPU per delivery: the write() calls and the
      // loopback delivery they set off, which every server pays once per socket written
      writesPerDelivery: m('writesPerDelivery'), syscallsPerDelivery: m('syscallsPerDelivery'),
      kernelUsPerDelivery: median(rs.map((r) => (r.serverSysCpuS != null && r.deliveriesPerS ? (r.serverSysCpuS * 1e6) / (r.deliveriesPerS * r.durationS) : null))),
      generatorCpuPct: m('generatorCpuPct'), joinMs: m('joinMs'),
      lost: s('lost'), corrupted: s('corrupted'), duplicated: s('duplicated'), outOfOrder: s('outOfOrder'), stalls: s('stalls'), disconnects: s('disconnects'), handshakeRetries: s('handshakeRetries'), nickBeforeHello: s('nickBeforeHello'), drainTimedOut: rs.some((r) => r.drainTimedOut),
    });
  }
  return out;
}

function barChart({ title, yLabel, groups, series, value, log = false, fmt = fmtN, mark = null, markLabel = '' }) {
  const W = 760;
  const H = 360;
  const m = { l: 70, r: 16, t: 40, b: 80 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const vals = [];
  for (const g of groups) for (const s of series) { const v = value(g, s); if (v != null && v > 0) vals.push(v); }
  if (mark) for (const g of groups) { const v = mark(g); if (v != null && v > 0) vals.push(v); }
  if (vals.length === 0) return null;
  const maxV = Math.max(...vals);
  const minV = Math.min(...vals);
  let y;
  let ticks;
  if (log) {
    const lo = Math.floor(Math.log10(minV));
    const hi = Math.ceil(Math.log10(maxV));
    const span = Math.max(1, hi - lo);
    y = (v) => m.t + ph - ((Math.log10(Math.max(v, 10 ** lo)) - lo) / span) * ph;
    ticks = [];
    for (let e = lo; e <= hi; e++) ticks.push(10 ** e);
  } else {
    const step = 10 ** Math.floor(Math.log10(maxV)) / (maxV / 10 ** Math.floor(Math.log10(maxV)) < 2.5 ? 4 : maxV / 10 ** Math.floor(Math.log10(maxV)) < 5 ? 2 : 1);
    const top = Math.ceil(maxV / step) * step;
    y = (v) => m.t + ph - (v / top) * ph;
    ticks = [];
    for (let v = 0; v <= top + step / 2; v += step) ticks.push(v);
  }
  const gw = pw / groups.length;
  const bw = Math.min(28, (gw * 0.8) / series.length);
  const parts = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  parts.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`);
  for (const tv of ticks) {
    const ty = y(tv).toFixed(1);
    parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${ty}" y2="${ty}" stroke="#e0e0e0"/>`);
    parts.push(`<text x="${m.l - 6}" y="${ty}" dy="4" text-anchor="end" fill="#444">${esc(fmt(tv))}</text>`);
  }
  parts.push(`<text transform="translate(16 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle" fill="#444">${esc(yLabel)}</text>`);
  groups.forEach((g, gi) => {
    const x0 = m.l + gi * gw + (gw - bw * series.length) / 2;
    series.forEach((s, si) => {
      const v = value(g, s);
      if (v == null || !(v > 0)) return;
      const x = x0 + si * bw;
      const yy = y(v);
      parts.push(`<rect x="${x.toFixed(1)}" y="${yy.toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${(m.t + ph - yy).toFixed(1)}" fill="${COLORS[s] ?? '#999'}"><title>${esc(`${TARGETS[s]?.label ?? s}, C=${g}: ${fmt(v)}`)}</title></rect>`);
    });
    parts.push(`<text x="${(m.l + gi * gw + gw / 2).toFixed(1)}" y="${m.t + ph + 16}" text-anchor="middle">C = ${g}</text>`);
    const mv = mark ? mark(g) : null;
    if (mv != null && mv > 0) {
      const my = y(mv).toFixed(1);
      parts.push(`<line x1="${(x0 - 4).toFixed(1)}" x2="${(x0 + bw * series.length + 2).toFixed(1)}" y1="${my}" y2="${my}" stroke="#000" stroke-width="2" stroke-dasharray="5 3"><title>${esc(`${markLabel}: ${fmt(mv)}`)}</title></line>`);
    }
  });
  parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${m.t + ph}" y2="${m.t + ph}" stroke="#444"/>`);
  // legend: flowing, wrapping to a second row if needed
  const items = series.map((sn) => ({ label: TARGETS[sn]?.label ?? sn, color: COLORS[sn] ?? '#999' }));
  if (mark) items.push({ label: markLabel, dashed: true });
  let lx = m.l;
  let ly = H - 36;
  for (const it of items) {
    const w = 22 + it.label.length * 6.6 + 14;
    if (lx + w > W - m.r) { lx = m.l; ly += 18; }
    if (it.dashed) parts.push(`<line x1="${lx}" x2="${lx + 16}" y1="${ly - 4}" y2="${ly - 4}" stroke="#000" stroke-width="2" stroke-dasharray="5 3"/>`);
    else parts.push(`<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${it.color}"/>`);
    parts.push(`<text x="${lx + (it.dashed ? 20 : 16)}" y="${ly}">${esc(it.label)}</text>`);
    lx += w;
  }
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/**
 * What the report says about the machine's load: at the start, during the runs, and a warning when it was
 * more than the bench itself explains (or a note, when only a memory test saw it: the fan-out numbers stand).
 */
export function loadNotes(data) {
  const o = data.options;
  const L = [];
  const loads = data.fanout.map((r) => r.loadAvg1).filter((x) => x != null);
  // memory points carry their own load (runs since 2026-11-25 18:20 UTC): the load at the end of a run comes
  // after the other servers' memory tests (10,000 clients each) and may say nothing about the points above
  const memLoads = data.memory.flatMap((m) => m.points.map((p) => p.loadAvg1)).filter((x) => x != null);
  const busy = Math.max(memLoads.length ? 0 : data.machine.load[1], ...loads, ...memLoads);
  // the bench itself keeps up to workers + 1 processes (the generators and the server) runnable
  const own = o.workers + 1;
  const fanBusy = loads.length ? Math.max(...loads) : busy;
  if (data.machine.loadAtStart) {
    // (the fan-out runs and the memory tests each with their own highest: one number for both read as a contradiction)
    const during = loads.length
      ? `during the fan-out runs up to ${fanBusy.toFixed(1)} (median ${median(loads).toFixed(1)})${memLoads.length ? `, in the memory tests up to ${Math.max(...memLoads).toFixed(1)}` : ''}`
      : `during the runs up to ${busy.toFixed(1)}`;
    L.push('');
    L.push(`Load average when the bench started: ${data.machine.loadAtStart.map((x) => x.toFixed(1)).join(' / ')}; ${during}, of which the bench's own ${own} processes account for up to ${own}.`);
  }
  if (busy > data.machine.cpus + own && fanBusy <= data.machine.cpus + own && memLoads.length) {
    // only a memory test saw it (e.g. one server's 10,000 joins): the fan-out numbers stand, those readings may not
    const worst = data.memory.flatMap((m) => m.points.map((p) => ({ target: m.target, clients: p.clients, load: p.loadAvg1 ?? 0 }))).reduce((a, b) => (b.load > a.load ? b : a));
    L.push('');
    L.push(`> **Note: the load average reached ${busy.toFixed(1)} in the memory test of ${worst.target} at ${worst.clients.toLocaleString('en-US')} clients** ` +
      `(on ${data.machine.cpus} cores; the fan-out runs saw at most ${fanBusy.toFixed(1)}): that test's readings may say little; the fan-out numbers were taken on a quiet machine.`);
  } else if (busy > data.machine.cpus + own) {
    L.push('');
    L.push(`> **Warning: the machine was overloaded during this run** (load average up to ${busy.toFixed(1)} on ${data.machine.cpus} cores, ` +
      `more than the bench's own ${own} processes explain` +
      `${loads.length ? `; median over the runs ${median(loads).toFixed(1)}` : ''}). Every process got a fraction of a core: server CPU well below 100% ` +
      'while latency is high means the server was waiting for a CPU, not working. These numbers say little about capacity; ' +
      're-run on a quiet machine before drawing conclusions.');
  }
  return L;
}

export function writeReport(data, docsDir, rawRel) {
  fs.mkdirSync(docsDir, { recursive: true });
  const sum = summarize(data.fanout);
  const get = (t, C, mode) => sum.find((x) => x.target === t && x.C === C && x.mode === mode);
  // Ratios to ngircd are paired: the two runs of the same repeat ran minutes apart, so their ratio
  // cancels part of the machine's drift; we show the median of the per-repeat ratios.
  const pr = (t, C, mode, key) => {
    const rs = [];
    for (const a of data.fanout.filter((r) => r.target === t && r.C === C && r.mode === mode)) {
      const n = data.fanout.find((r) => r.target === 'ngircd' && r.C === C && r.mode === mode && r.repeat === a.repeat);
      if (n && n[key] > 0 && a[key] != null) rs.push(a[key] / n[key]);
    }
    return median(rs);
  };
  const targets = [...new Set(data.fanout.map((r) => r.target))];
  const Cs = [...new Set(data.fanout.map((r) => r.C))].sort((a, b) => a - b);
  const o = data.options;
  const L = [];
  L.push('# Benchmarks');
  L.push('');
  L.push(`Generated by \`npm run bench\` (\`${data.command}\`) on ${data.date.slice(0, 16).replace('T', ' ')} UTC, in ${Math.round(data.elapsedS)} s. ` +
    `Raw data: [\`${rawRel}\`](../${rawRel}). Do not edit by hand: this file is rewritten by every run; notes that should survive go in ` +
    '`docs/benchmarks-notes.md`, which is appended below.');
  L.push('');
  L.push(`Machine: ${data.machine.cpus} × ${data.machine.model}, ${data.machine.memGB.toFixed(0)} GB, Linux ${data.machine.kernel}, Node ${data.machine.node}; ` +
    `load average at the end ${data.machine.load.map((x) => x.toFixed(1)).join(' / ')}. ` +
    'The machine is shared and noisy, and the load generator runs on the same cores as the server: read the ratios, not the absolute numbers, ' +
    'and look at the generator CPU column (near 100% per worker means the generator, not the server, was the limit).');
  L.push('');
  L.push(`Load: ${o.senders} senders in one room of C clients, ${o.durationS} s per run, ${o.repeats} repeat(s) (medians shown; integrity counts summed over repeats), ` +
    `${o.workers} generator processes. Unlimited = closed loop with at most ${o.window} messages in flight per sender; rate = ${o.rate} msg/s in total.`);
  L.push(...loadNotes(data));
  if (Object.keys(data.skipped).length) {
    L.push('');
    for (const [t, why] of Object.entries(data.skipped)) L.push(`- **${t} not measured**: ${why}`);
  }
  if (data.errors.length) {
    L.push('');
    L.push('Runs that failed:');
    for (const e of data.errors) L.push(`- ${e.target}${e.C ? ` C=${e.C}` : ''}${e.memory ? ' (memory)' : ''}: ${e.error.split('\n')[0]}`);
  }

  // ----------------------------------------------------------------------------- targets of issue 5
  L.push('');
  L.push('## Targets (issue 5)');
  L.push('');
  const ours = targets.filter((t) => TARGETS[t].server === 'ours');
  const tRows = [];
  const verdict = (ok) => (ok == null ? 'not measured' : ok ? '**met**' : '**missed**');
  {
    const rs = sum.filter((x) => ours.includes(x.target));
    const bad = rs.reduce((a, x) => a + x.lost + x.corrupted + x.duplicated + x.outOfOrder, 0);
    tRows.push(['Zero lost, corrupted, duplicated or reordered deliveries', rs.length ? `${bad} bad deliveries in ${rs.reduce((a, x) => a + x.runs, 0)} runs` : '–', verdict(rs.length ? bad === 0 : null)]);
  }
  for (const t of ours) {
    for (const C of [100, 500, 1000]) {
      const a = get(t, C, 'unlimited');
      const n = get('ngircd', C, 'unlimited');
      const ratio = a && n ? pr(t, C, 'unlimited', 'deliveriesPerS') : null;
      tRows.push([`${t}: unlimited ≥ 2× ngircd deliveries/s at C=${C}`, ratio == null ? '–' : `${ratio.toFixed(2)}× ngircd (median of paired ratios; medians ${fmtN(a.deliveriesPerS)}/s vs ${fmtN(n.deliveriesPerS)}/s)`, verdict(ratio == null ? null : ratio >= 2)]);
    }
    for (const [C, lim] of [[100, 3], [500, 10], [1000, 25]]) {
      const a = get(t, C, 'rate');
      tRows.push([`${t}: p99 ≤ ${lim} ms at 200 msg/s, C=${C}`, a ? `${f(a.p99Ms)} ms` : '–', verdict(a ? a.p99Ms <= lim : null)]);
    }
    for (const C of Cs) {
      const a = get(t, C, 'rate');
      const n = get('ngircd', C, 'rate');
      const ratio = a && n && n.cpuUsPerDelivery ? pr(t, C, 'rate', 'cpuUsPerDelivery') : null;
      const kernel = a?.kernelUsPerDelivery != null && n?.kernelUsPerDelivery != null
        ? `; in the kernel alone ${f(a.kernelUsPerDelivery, 2)} µs (ngircd ${f(n.kernelUsPerDelivery, 2)})${a.writesPerDelivery != null && n.writesPerDelivery != null ? ` for ${f(a.writesPerDelivery, 2)} socket writes per delivery (ngircd ${f(n.writesPerDelivery, 2)})` : ''}, half of ngircd's whole is ${f(n.cpuUsPerDelivery / 2, 2)}`
        : '';
      tRows.push([`${t}: CPU per delivery ≤ ½ ngircd at 200 msg/s, C=${C}`, ratio == null ? '–' : `${ratio.toFixed(2)}× ngircd (paired; medians ${f(a.cpuUsPerDelivery, 2)} vs ${f(n.cpuUsPerDelivery, 2)} µs${kernel})`, verdict(ratio == null ? null : ratio <= 0.5)]);
    }
  }
  const memOurs = data.memory.find((x) => TARGETS[x.target].server === 'ours');
  {
    const p = memOurs?.points.find((q) => q.clients === 1000);
    const floor = data.bareNode ? `; a Node process doing nothing: ${f(data.bareNode.rssMB)} MB` : '';
    // idle = after the room was quiet for a while (older runs measured only right after the joins settled)
    const idle = memOurs?.idle1000;
    const at = idle ?? p;
    const split = at && at.fileMB != null ? ` (${f(at.anonMB)} MB anonymous + ${f(at.fileMB)} MB file-backed: the node executable's pages${floor})` : '';
    const when = idle ? ` after ${idle.seconds} s idle${p ? `; ${f(p.rssMB)} MB right after the joins, before V8 gave back what the burst grew` : ''}` : '';
    tRows.push(['≤ 60 MB resident at 1,000 idle clients', at ? `${f(at.rssMB)} MB${split}${when}` : '–', verdict(at ? at.rssMB <= 60 : null)]);
    const upTo = memOurs?.points.filter((q) => q.clients > 1000 && q.ready > 1500).pop();
    const extraWhen = upTo?.idle && memOurs?.kbPerExtraConnAfterJoins != null ? ` between the readings after ${upTo.idle.seconds} s idle; ${f(memOurs.kbPerExtraConnAfterJoins)} KB between those right after the joins` : '';
    tRows.push(['≤ 20 KB per extra connection (1,000 → 10,000)', memOurs?.kbPerExtraConn != null ? `${f(memOurs.kbPerExtraConn)} KB${extraWhen}${upTo && upTo.ready < upTo.clients ? ` (measured 1,000 → ${upTo.ready}: only ${upTo.ready} joined in time)` : ''}` : '–', memOurs?.kbPerExtraConn == null ? verdict(null) : `${verdict(memOurs.kbPerExtraConn <= 20)}${upTo && upTo.ready < upTo.clients ? ' (partial)' : ''}`]);
    tRows.push(['1,000 joins in 1 s', memOurs?.join1000Ms != null ? `${f(memOurs.join1000Ms / 1000, 2)} s` : '–', verdict(memOurs?.join1000Ms != null ? memOurs.join1000Ms <= 1000 : null)]);
  }
  {
    const retries = sum.filter((x) => ours.includes(x.target)).reduce((a, x) => a + x.handshakeRetries, 0) +
      (memOurs?.points ?? []).reduce((a, p) => a + (p.handshakeRetries ?? 0), 0);
    const nicks = sum.filter((x) => ours.includes(x.target)).reduce((a, x) => a + (x.nickBeforeHello ?? 0), 0) +
      (memOurs?.points ?? []).reduce((a, p) => a + (p.nickBeforeHello ?? 0), 0);
    if (retries || nicks) {
      tRows.push(['Rich clients are never taken for plain ones', `${retries} rich clients taken for plain (retried by the generator); ` +
        `${nicks} saw \`NICK\` before their \`hello\` was read`, retries ? '**missed**' : 'met (upgraded)']);
    }
  }
  tRows.push(['Panel: 10,000 messages < 200 ms; 1,000 msg/s; bundle < 150 KB; .vsix < 300 KB', 'measured by `bench/panel.ts` (the end of `npm run bench`)', 'see [benchmarks-panel.md](benchmarks-panel.md)']);
  L.push(table(['Target', 'Measured', 'Verdict'], tRows));

  // ----------------------------------------------------------------------------------- fan-out tables
  for (const mode of ['unlimited', 'rate']) {
    const rs = sum.filter((x) => x.mode === mode);
    if (rs.length === 0) continue;
    L.push('');
    L.push(mode === 'unlimited' ? `## Fan-out, unlimited (closed loop, ${o.window} in flight per sender)` : `## Fan-out at ${o.rate} msg/s`);
    L.push('');
    if (mode === 'unlimited') {
      L.push('Deliveries per second (one message received by one client; median over the repeats), and the ratio to ngircd ' +
        '(median of the per-repeat ratios: each repeat runs every target back to back, so pairing cancels part of the drift):');
      L.push('');
      L.push(table(['C', ...targets.map((t) => TARGETS[t].label)], Cs.map((C) => [String(C), ...targets.map((t) => {
        const a = get(t, C, mode);
        const n = get('ngircd', C, mode);
        return a ? `${fmtN(a.deliveriesPerS)}${n && t !== 'ngircd' ? ` (${pr(t, C, mode, 'deliveriesPerS').toFixed(2)}×)` : ''}` : '–';
      })])));
    } else {
      L.push('p99 latency in ms, and server CPU µs per delivery (ratio to ngircd: median of the per-repeat ratios):');
      L.push('');
      L.push(table(['C', ...targets.map((t) => TARGETS[t].label)], Cs.map((C) => [String(C), ...targets.map((t) => {
        const a = get(t, C, mode);
        const n = get('ngircd', C, mode);
        return a ? `${f(a.p99Ms)} ms, ${f(a.cpuUsPerDelivery, 2)} µs${n && t !== 'ngircd' && n.cpuUsPerDelivery ? ` (${pr(t, C, mode, 'cpuUsPerDelivery').toFixed(2)}×)` : ''}` : '–';
      })])));
    }
    L.push('');
    L.push(`![${mode} chart](benchmarks-${mode}.svg)`);
    L.push('');
    L.push('<details><summary>All columns</summary>');
    L.push('');
    L.push(table(['target', 'C', 'deliveries/s', 'msg/s', 'p50 ms', 'p99 ms', 'max ms', 'server CPU %', 'µs/delivery', 'of it kernel µs', 'writes / other syscalls per delivery', 'RSS MB', 'gen CPU %', 'lost', 'corrupt', 'dup', 'reordered', 'runs'],
      rs.sort((a, b) => a.C - b.C || targets.indexOf(a.target) - targets.indexOf(b.target)).map((x) => [x.target, x.C, fmtN(x.deliveriesPerS), fmtN(x.msgsPerS), f(x.p50Ms), f(x.p99Ms), f(x.maxMs),
        f(x.serverCpuPct, 0), f(x.cpuUsPerDelivery, 2), f(x.kernelUsPerDelivery, 2), x.writesPerDelivery == null ? '–' : `${f(x.writesPerDelivery, 2)} / ${f(x.syscallsPerDelivery - x.writesPerDelivery, 2)}`, f(x.serverRssMB), f(x.generatorCpuPct, 0), `${x.lost}${x.drainTimedOut ? '*' : ''}`, x.corrupted, x.duplicated, x.outOfOrder, x.runs].map(String))));
    L.push('');
    if (rs.some((x) => x.drainTimedOut)) {
      L.push('');
      L.push(`\\* the drain after the run timed out (${o.drainS} s): what was missing may still have been queued, not lost.`);
    }
    L.push('');
    L.push('</details>');
    const chart = mode === 'unlimited'
      ? barChart({ title: `Deliveries/s, unlimited (median of ${o.repeats})`, yLabel: 'deliveries per second', groups: Cs, series: targets, value: (C, t) => get(t, C, mode)?.deliveriesPerS,
        mark: (C) => (C >= 100 && get('ngircd', C, mode) ? 2 * get('ngircd', C, mode).deliveriesPerS : null), markLabel: 'target: 2× ngircd' })
      : barChart({ title: `p99 latency at ${o.rate} msg/s (log scale)`, yLabel: 'p99 latency, ms', groups: Cs, series: targets, value: (C, t) => get(t, C, mode)?.p99Ms, log: true, fmt: (v) => (v >= 1 ? v.toFixed(0) : v.toFixed(1)),
        mark: (C) => ({ 100: 3, 500: 10, 1000: 25 })[C] ?? null, markLabel: 'target p99' });
    if (chart) fs.writeFileSync(path.join(docsDir, `benchmarks-${mode}.svg`), chart);
  }

  // ---------------------------------------------------------------------------------------- memory
  if (data.memory.length) {
    L.push('');
    L.push('## Idle connections: memory and join time');
    L.push('');
    L.push('Clients connect and complete the handshake (join the room), then stay idle. Join time = first connect to last handshake done, ' +
      `with up to ${o.joinConcurrency} handshakes in flight in each of the generator processes.`);
    L.push('');
    L.push('RSS counts both anonymous memory (heap, stacks, buffers) and file-backed pages (the executable and its libraries, shared with every process that maps them); the split at 1,000 clients is in the last column but one.');
    if (data.bareNode) {
      const b = data.bareNode;
      L.push('');
      L.push(`A Node process that does nothing (\`${b.command}\`) holds ${f(b.rssMB)} MB on this machine: ${f(b.anonMB)} MB anonymous + ${f(b.fileMB)} MB file-backed. That is the floor under our server's figures.`);
    }
    L.push('');
    const idleS = data.memory.find((r) => r.idle1000)?.idle1000.seconds;
    const idle10k = data.memory.some((r) => r.points.some((p) => p.clients === 10000 && p.idle));
    if (idleS) {
      L.push(`"RSS 1,000" is read once the join announcements have settled; "after ${idleS} s idle" once the 1,000 clients have then sat idle for ${idleS} s (a runtime with a garbage collector may give back memory the join burst grew: V8's memory reducer checks every 8 s whether allocation has slowed, and gives it back at one of those checks; "fell after" says at which second of the idle wait RSS dropped by a tenth, if it did). ` +
        (idle10k ? `The same at 10,000 when all of them joined. KB/conn (1,000 → 10,000) uses the idle readings where both exist, "KB/conn (0 → 1,000)" the first.` : 'The per-connection figures use the first.'));
      L.push('');
    }
    L.push(table(['target', 'RSS idle MB', 'RSS 1,000 MB', ...(idleS ? [`RSS 1,000 after ${idleS} s idle`] : []), 'KB/conn (0 → 1,000)', 'RSS 10,000 MB', ...(idle10k ? [`RSS 10,000 after ${idleS} s idle`] : []), 'KB/conn (1,000 → 10,000)', 'join 1,000', 'at 1,000: anon + file MB', 'note'],
      data.memory.map((r) => {
        const a = r.points.find((p) => p.clients === 1000);
        const b = r.points.find((p) => p.clients === 10000);
        return [r.target, f(r.baseRssMB), a ? f(a.rssMB) : '–', ...(idleS ? [r.idle1000 ? `${f(r.idle1000.rssMB)}${fellAfter(r.idle1000)}` : '–'] : []), f(r.kbPerConnAt1000), b ? `${f(b.rssMB)}${b.ready < b.clients ? ` (${b.ready} ready)` : ''}` : '–', ...(idle10k ? [b?.idle ? `${f(b.idle.rssMB)}${fellAfter(b.idle)}` : '–'] : []), f(r.kbPerExtraConn),
          r.join1000Ms != null ? `${f(r.join1000Ms / 1000, 2)} s` : '–',
          a && a.anonMB != null ? `${f(a.anonMB)} + ${f(a.fileMB)}` : '–',
          [r.note, ...r.points.filter((p) => p.connectRetries || p.handshakeRetries).map((p) => `${p.connectRetries + p.handshakeRetries} connection attempts retried while joining ${p.clients}`)].filter(Boolean).join('; ')].map(String);
      })));
  }

  for (const m of data.memoryReplaced ?? []) {
    L.push('');
    L.push(`The ${m.target} row comes from a separate run (\`${m.command}\`, [raw](../${m.from})): ${m.why}.`);
  }
  L.push('');
  L.push('## Method');
  L.push('');
  L.push('- `bench/run.mjs` starts each server on 127.0.0.1 with a free port, forks the generator processes (`bench/lib/worker.mjs`), ' +
    'spreads the C clients over them, waits until every client has joined and the join announcements have stopped, then runs each mode.');
  L.push('- Every message text is a stamp `b <run> <sender> <seq> <send time ns> <pad>`; every receiver checks each delivery against the ' +
    'sender\'s sequence: first in order, late (reordered), duplicate, or corrupted (a line that carries a stamp but does not parse exactly, ' +
    'e.g. two messages spliced together). Lost = messages sent × recipients − unique deliveries after a drain.');
  L.push('- Latency = receive time − send time (monotonic clock shared by the processes), for messages sent inside the measured window. ' +
    'Deliveries/s counts deliveries received inside the window. Server CPU = the run time of all its threads over the window, in ns, from `/proc/<pid>/task/*/schedstat` (utime + stime from `/proc/<pid>/stat` count 10 ms ticks); the system share ("of it kernel") from `/proc/<pid>/stat`, sampled per tick: rough at C = 10, where a run is a few ticks; ' +
    'system calls per delivery counted by `perf stat` on the kernel\'s syscall tracepoints over the window (writes = write, writev, sendto and sendmsg; `--no-syscalls` to skip); ' +
    'RSS from `/proc/<pid>/status` at the end of the window.');
  L.push('- Protocols: rich JSON (`hello`, wait for `synced`, `send`); plain (`NICK` handshake, lines); the seed-style server ' +
    '(`bench/fixtures/seed_server.py`, the client prefixes its own nick as the tutorial client does); IRC to ngircd (`NICK`/`USER`, `JOIN #bench`, ' +
    '`PRIVMSG`; IRC does not echo to the sender, so a sender\'s window is released by a neighbour client); the raw echo (`bench/fixtures/echo_server.mjs`).');
  L.push('- ngircd runs from a generated config: 127.0.0.1, `MaxConnectionsIP = 0`, `MaxPenaltyTime = 0` (no flood penalties), no DNS/ident/PAM.');
  const notes = path.join(docsDir, 'benchmarks-notes.md');
  if (fs.existsSync(notes)) {
    L.push('');
    L.push(fs.readFileSync(notes, 'utf8').trim());
  }
  const file = path.join(docsDir, 'benchmarks.md');
  fs.writeFileSync(file, L.join('\n') + '\n');
  return file;
}
