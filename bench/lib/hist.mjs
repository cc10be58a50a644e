// Log-bucketed latency histogram (2% resolution), mergeable across worker processes.
const K = 1 / Math.log(1.02);
/** Width of a --timeline slice of send time (ns). */
export const SLICE_NS = 50e6;
export const BUCKETS = 1400; // exp(1400 / K) µs ≈ 10^12 µs: more than any bounded run

export function newHist() {
  return { counts: new Array(BUCKETS).fill(0), n: 0, maxUs: 0 };
}

/** @param {{counts:number[],n:number,maxUs:number}} h @param {number} us */
export function record(h, us) {
  const i = us <= 1 ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(us) * K));
  h.counts[i]++;
  h.n++;
  if (us > h.maxUs) h.maxUs = us;
}

export function merge(into, from) {
  for (let i = 0; i < BUCKETS; i++) into.counts[i] += from.counts[i];
  into.n += from.n;
  if (from.maxUs > into.maxUs) into.maxUs = from.maxUs;
  return into;
}

/** Upper bound of the bucket holding quantile q, in µs (never above the exact max). */
export function quantile(h, q) {
  if (h.n === 0) return null;
  const want = Math.max(1, Math.ceil(h.n * q));
  let seen = 0;
  for (let i = 0; i < BUCKETS; i++) {
    seen += h.counts[i];
    if (seen >= want) return Math.min(h.maxUs, i === 0 ? 1 : Math.exp(i / K));
  }
  return h.maxUs;
}
