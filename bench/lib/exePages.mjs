// Which parts of the node executable a process holds resident: its file-backed RSS is mostly those pages. Reads
// /proc/<pid>/pagemap (the present bit; needs no privilege for one's own processes) for every mapping of the
// executable and sorts the present pages by ELF section (`readelf -S`); in `.rodata`, the pages of ICU's data
// (the `icudt*_dat` symbol, `nm`) apart, as using Intl or toLocaleString pages in several MB of it.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

const PAGE = 4096;

function sectionsOf(exe) {
  return execFileSync('readelf', ['-SW', exe]).toString().split('\n')
    .map((l) => /\]\s+(\S+)\s+\S+\s+([0-9a-f]{16})\s+[0-9a-f]+\s+([0-9a-f]+)/.exec(l))
    .filter((m) => m && parseInt(m[2], 16) > 0)
    .map((m) => ({ name: m[1], start: parseInt(m[2], 16), end: parseInt(m[2], 16) + parseInt(m[3], 16) }));
}

function icuDataOf(exe) {
  const line = execFileSync('nm', ['-S', exe], { maxBuffer: 1 << 30 }).toString().split('\n').find((l) => /\sicudt\d+_dat$/.test(l));
  if (!line) return undefined;
  const [addr, size] = line.split(' ');
  return { start: parseInt(addr, 16), end: parseInt(addr, 16) + parseInt(size, 16) };
}

/** Resident bytes of `pid`'s executable by section, ICU's data as its own entry; total first. */
export function exePages(pid) {
  const exe = fs.readlinkSync(`/proc/${pid}/exe`);
  const sections = sectionsOf(exe);
  const icu = icuDataOf(exe);
  const bytes = new Map([['total', 0]]);
  const add = (k) => bytes.set(k, (bytes.get(k) ?? 0) + PAGE);
  const pagemap = fs.openSync(`/proc/${pid}/pagemap`, 'r');
  try {
    for (const l of fs.readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n')) {
      if (!l.endsWith(` ${exe}`)) continue;
      const [lo, hi] = l.split(' ')[0].split('-').map((h) => parseInt(h, 16));
      const n = (hi - lo) / PAGE;
      const entries = Buffer.alloc(n * 8);
      fs.readSync(pagemap, entries, 0, n * 8, (lo / PAGE) * 8);
      for (let i = 0; i < n; i++) {
        if (!(entries.readBigUInt64LE(i * 8) >> 63n)) continue; // not present
        const at = lo + i * PAGE;
        add('total');
        if (icu && at + PAGE > icu.start && at < icu.end) { add('ICU data (in .rodata)'); continue; }
        add(sections.find((s) => at + PAGE > s.start && at < s.end)?.name ?? '(between sections)');
      }
    }
  } finally {
    fs.closeSync(pagemap);
  }
  return bytes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // node bench/lib/exePages.mjs PID
  for (const [k, b] of exePages(Number(process.argv[2]))) if (b >= 100 * 1024) console.log(`${(b / 2 ** 20).toFixed(1).padStart(6)} MB ${k}`);
}
