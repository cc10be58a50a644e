// Runs every test file under test/ with Node's built-in runner (TypeScript through tsx).
// Usage: node scripts/test.mjs [substring ...]  (only files whose path contains one of the substrings)
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.test.ts') ? [p] : [];
  });
}
const filters = process.argv.slice(2);
const files = walk('test').sort().filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) { console.error('no test files matched'); process.exit(1); }
// A file that runs longer than this fails, named, with the time it took, instead of hanging the run for ever: a test
// that never ends, or one that leaves a server or a timer keeping its file's process alive after its last test. The
// slowest files (VS Code end to end, the chat panel's) take about 5 minutes on a 2-core machine running two at once.
const fileTimeoutMs = Number(process.env.TCP_CHAT_TEST_FILE_TIMEOUT_MS ?? 20 * 60_000);
// TAP for the whole run, then each failed test again with its error (scripts/failedTestsReporter.mjs), where the end
// of a long log shows it.
// (found beside this file: the runner may run in another folder, as its own test runs it)
const failedTests = fileURLToPath(new URL('./failedTestsReporter.mjs', import.meta.url));
const reporters = ['--test-reporter=tap', '--test-reporter-destination=stdout', `--test-reporter=${failedTests}`, '--test-reporter-destination=stdout'];
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', `--test-timeout=${fileTimeoutMs}`, ...reporters, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
