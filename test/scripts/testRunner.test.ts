// scripts/test.mjs, the runner `npm test` and CI use: a test file that does not end fails, named, within the file
// time limit, and the run goes on to the end; it never hangs the run (CI would wait for ever).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../..');

/** Runs scripts/test.mjs in a folder holding only the given test files, with a file time limit of `limitMs`. */
async function runner(files: Record<string, string>, limitMs: number): Promise<{ code: number | null; out: string; ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-runner-'));
  try {
    mkdirSync(join(dir, 'test'));
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'test', name), text);
    const started = Date.now();
    // (without NODE_TEST_CONTEXT, which tells a test runner it runs inside another's file: it would run none)
    const { NODE_TEST_CONTEXT: _inside, ...env } = process.env;
    const child = spawn(process.execPath, [join(REPO, 'scripts/test.mjs')], {
      cwd: dir, env: { ...env, TCP_CHAT_TEST_FILE_TIMEOUT_MS: String(limitMs) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { out += b.toString(); });
    // (a bound for this test itself, should the runner hang: it and every process it started, its group, are killed)
    const kill = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone already */ } }, 180_000);
    const code = await new Promise<number | null>((done) => child.on('close', done));
    clearTimeout(kill);
    return { code, out, ms: Date.now() - started };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const passes = "import { test } from 'node:test';\ntest('passes', () => {});\n";

/**
 * The file time limit of the first two tests. It counts a file's start too (tsx compiling it, Node starting), which
 * took over 3 s, the limit these tests had, while CI ran the VS Code end to end beside them (a file that passes at
 * once timed out): 15 s leaves room for a loaded machine, and only the file that never ends waits it out.
 */
const LIMIT_MS = 15_000;

test('a test file whose test never ends fails, named, at the file time limit; the other files still run and pass', async () => {
  const r = await runner({
    'forever.test.ts': "import { test } from 'node:test';\ntest('waits for ever', () => new Promise(() => { setInterval(() => {}, 1000); }));\n",
    'fine.test.ts': passes,
  }, LIMIT_MS);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /not ok \d+ - \S*forever\.test\.ts/, r.out);
  assert.match(r.out, new RegExp(`timed out after ${LIMIT_MS}ms`), r.out);
  assert.match(r.out, /^# pass 1$/m, r.out);
});

test('a test file that leaves a server listening after its last test fails, named, instead of keeping the run alive', async () => {
  const r = await runner({
    'leak.test.ts': "import { test } from 'node:test';\nimport { createServer } from 'node:net';\n"
      + "test('opens a server and forgets it', async () => { const s = createServer(); await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok)); });\n",
  }, LIMIT_MS);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /not ok \d+ - \S*leak\.test\.ts/, r.out);
  assert.match(r.out, new RegExp(`timed out after ${LIMIT_MS}ms`), r.out);
});

test("after the run's TAP, each failed test is named again with its file and error, where the end of a long log shows it", async () => {
  const r = await runner({
    'a.test.ts': passes,
    'b.test.ts': "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\n"
      + "test('outer', async (t) => { await t.test('inner', () => assert.equal(1, 2, 'one is not two')); });\ntest('fine', () => {});\n",
  }, LIMIT_MS);
  assert.equal(r.code, 1, r.out);
  const tail = r.out.slice(r.out.lastIndexOf('# duration_ms'));
  assert.match(tail, /# failed tests \(1\):\n# - test\/b\.test\.ts:3: inner\n# {5}AssertionError \[ERR_ASSERTION\]: one is not two\n/, r.out);
  assert.doesNotMatch(tail, /: outer\n/, 'a test failed for its subtest alone is not listed: its subtest is');
  assert.match(tail, /at TestContext\.<anonymous> \(.*b\.test\.ts:3:/, 'where it failed in the file');
  assert.doesNotMatch(tail, /node:internal/, "the runner's own frames left out");
});

test('files that end in time pass; the limit is per file, not for the whole run', async () => {
  // (three files of 15 s, two at a time: the run takes over 30 s, more than the limit of 25 s, each file less, its
  // start included: 10 s of room for a loaded machine, where a limit of 8 s failed files of 4.5 s)
  const slow = "import { test } from 'node:test';\ntest('15 seconds', () => new Promise((ok) => setTimeout(ok, 15_000)));\n";
  const r = await runner({ 'a.test.ts': slow, 'b.test.ts': slow, 'c.test.ts': slow }, 25_000);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /^# pass 3$/m, r.out);
  assert.ok(r.ms > 25_000, `the run took ${r.ms} ms`);
});
