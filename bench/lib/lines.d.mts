// Types for lines.mjs, for the tests that import it (test/bench/lines.test.ts).
export const PAD: string;
/** run, sender, seq, send time (ns) of the last stamp parsed */
export const stamp: number[];
export function parseStamp(line: string, i: number, end: number): boolean;
export function usualLine(proto: string, buf: Buffer, dv: DataView, start: number, end: number): number;
