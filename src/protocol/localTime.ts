// A time as people read it, in the machine's local time zone and without locale data (which `Intl` would keep
// resident: see counts.ts): "14:02" and "2026-12-01".

const pad = (n: number): string => String(n).padStart(2, '0');

/** "14:02": the hour and minute of `ms` (ms since the epoch); "14:02:37" with `seconds`. */
export function clockOf(ms: number, seconds = false): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}${seconds ? `:${pad(d.getSeconds())}` : ''}`;
}

/** "2026-12-01": the calendar day of `ms` (ms since the epoch). */
export function dateOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
