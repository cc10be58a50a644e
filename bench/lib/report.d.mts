// Types for report.mjs, for the test that imports it (test/bench/report.test.ts).
export function fellAfter(idle: { samplesMB?: number[] } | undefined): string;
export function summarize(fanout: Record<string, unknown>[]): Record<string, unknown>[];
export function writeReport(data: unknown, docsDir: string, rawRel: string): void;
export function loadNotes(data: {
  options: { workers: number };
  machine: { cpus: number; load: number[]; loadAtStart?: number[] };
  fanout: { loadAvg1?: number | null }[];
  memory: { target: string; points: { clients: number; loadAvg1?: number | null }[] }[];
}): string[];
