// Types for syscalls.mjs, for the test that imports it (test/bench/syscalls.test.ts).
export function parseCounts(csv: string): { all: number; writes: number } | null;
export function syscallCountsAvailable(): boolean;
export function countSyscalls(pid: number): { stop(): Promise<{ all: number; writes: number } | null> };
