// A node:test reporter that prints, after the TAP of the whole run, each failed test again: its file, line, name and
// error. A CI log is often read from its end only, where TAP says how many failed but not which.
import { relative } from 'node:path';

const MAX_LINES = 20;

/** @param {AsyncIterable<{ type: string, data: any }>} source the run's events (node:test's reporter API hands them untyped) */
export default async function* failedTests(source) {
  const failed = [];
  for await (const event of source) {
    if (event.type !== 'test:fail') continue;
    const error = event.data.details?.error;
    if (error?.failureType === 'subtestsFailed') continue; // its failed subtests are listed themselves
    failed.push(event.data);
  }
  if (failed.length === 0) return;
  let out = `\n# failed tests (${failed.length}):\n`;
  for (const d of failed) {
    const error = d.details?.error;
    const text = String(error?.cause?.stack ?? error?.cause?.message ?? error?.stack ?? error?.message ?? error);
    // the line a frame of the error names in the test's file: the runner's own (d.line) is the compiled code's, which
    // tsx makes one line of
    const line = d.file ? new RegExp(`${d.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):`).exec(text)?.[1] : undefined;
    const where = d.file ? `${relative(process.cwd(), d.file)}${line ? `:${line}` : ''}` : '?';
    const message = text.split('\n')
      .filter((line) => !/^\s+at (.*\()?node:/.test(line)); // the runner's own frames say nothing of the test
    out += `# - ${where}: ${d.name}\n`;
    for (const line of message.slice(0, MAX_LINES)) out += `#     ${line}\n`;
    if (message.length > MAX_LINES) out += `#     … ${message.length - MAX_LINES} more lines\n`;
  }
  yield out;
}
