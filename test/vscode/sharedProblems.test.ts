import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_PROBLEMS, problemsMessage, type ProblemLike } from '../../src/vscode/sharedProblems';

const all = () => true;
/** The message's text alone. */
const messageText = (...a: Parameters<typeof problemsMessage>) => problemsMessage(...a)?.text;
const at = (line: number, message: string, severity = 0, more: Partial<ProblemLike> = {}): ProblemLike => ({ startLine: line, startCharacter: 4, endLine: line, severity, message, ...more });

test('the errors and warnings of the shared lines, in line order, each a path:line:column the panel opens', () => {
  const found = problemsMessage([{ start: 11, end: 14 }], [
    at(13, "'z' is assigned a value but never used.", 1, { source: 'eslint', code: 'no-unused-vars' }),
    at(12, "Property 'x' does not exist on type 'Map<string, number>'.", 0, { source: 'ts', code: 2339 }),
    at(3, 'an error above the selection'),
    at(20, 'an error below it'),
    at(12, 'a hint: faded, not an error', 3),
    at(12, 'information', 2),
  ], 'src/parser.ts', all);
  assert.equal(found?.counts, '1 error and 1 warning', 'for the status bar');
  assert.equal(found?.text, [
    '1 error and 1 warning in src/parser.ts lines 12-15:',
    '```',
    "src/parser.ts:13:5 error: Property 'x' does not exist on type 'Map<string, number>'. [ts 2339]",
    "src/parser.ts:14:5 warning: 'z' is assigned a value but never used. [eslint no-unused-vars]",
    '```',
  ].join('\n'));
});

test('none in the shared lines (or only hints and information): no message', () => {
  assert.equal(messageText([{ start: 0, end: 2 }], [], 'a.ts', all), undefined);
  assert.equal(messageText([{ start: 0, end: 2 }], [at(5, 'below'), at(1, 'hint', 3)], 'a.ts', all), undefined);
});

test('a problem that spans into the selection counts; several selections are named as the cards were', () => {
  const text = messageText([{ start: 4, end: 4 }, { start: 9, end: 10 }], [{ startLine: 1, startCharacter: 0, endLine: 4, severity: 0, message: 'unclosed block' }, at(10, 'second')], 'a.ts', all);
  assert.match(text ?? '', /^2 errors in a\.ts lines 5, 10-11:\n```\na\.ts:2:1 error: unclosed block\na\.ts:11:5 error: second\n```$/);
});

test('code the others cannot open by its path (untitled, outside the workspace): lines by number, no path to a file of theirs', () => {
  assert.equal(messageText([{ start: 0, end: 0 }], [at(0, 'oops')], undefined, all), '1 error in the shared code line 1:\n```\nline 1:5 error: oops\n```');
});

test("a message's own backticks cannot end the block early, and a long elaboration is cut", () => {
  const text = messageText([{ start: 0, end: 0 }], [at(0, 'Did you mean ```x```?\nline 2\n\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8')], 'a.ts', all) ?? '';
  assert.match(text, /^1 error in a\.ts line 1:\n````\na\.ts:1:5 error: Did you mean ```x```\?\n {2}line 2\n {2}line 3\n {2}line 4\n {2}line 5\n {2}line 6\n {2}\.\.\.\n````$/);
  const long = messageText([{ start: 0, end: 0 }], [at(0, 'y'.repeat(2000))], 'a.ts', all) ?? '';
  assert.ok(long.length < 600 && long.includes(`${'y'.repeat(400)}...`), long);
});

test(`at most ${MAX_PROBLEMS} are listed, then how many more; fewer when the room takes shorter messages`, () => {
  const many = Array.from({ length: 14 }, (_, i) => at(i, `problem ${i + 1}`));
  const text = messageText([{ start: 0, end: 20 }], many, 'a.ts', all) ?? '';
  assert.match(text, /^14 errors in a\.ts lines 1-21:\n```\n/);
  assert.ok(text.includes('a.ts:10:5 error: problem 10\nand 4 more problems\n```'), text);
  assert.ok(!text.includes('problem 11'));
  const short = messageText([{ start: 0, end: 20 }], many, 'a.ts', (t) => t.length <= 120) ?? '';
  assert.ok(short.length <= 120 && short.includes('a.ts:1:5 error: problem 1\n') && /and 1[0-9] more problems\n```$/.test(short), short);
  assert.equal(messageText([{ start: 0, end: 0 }], [at(0, 'x')], 'a.ts', () => false), undefined, 'nothing fits: nothing sent');
});
