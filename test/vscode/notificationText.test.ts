// Text from the network in VS Code's notifications: never a link (a `command:` link runs a command when clicked).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { noIcons, noLinks } from '../../src/vscode/notificationText';

/** VS Code's own pattern for links in notification text (linkedText.ts): what must not match. */
const LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

test('a markdown link in a direct message or a refusal is no link once in a notification', () => {
  const dm = '[Reply](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22touch%20x%5Cr%22%7D)';
  assert.equal(noLinks(dm), '[Reply] (command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22touch%20x%5Cr%22%7D)');
  for (const text of [dm, 'see [docs](https://example.com) and [x]  (command:y)', '[[a]](command:b)', 'nested [a](command:b)](command:c)']) {
    assert.equal(noLinks(text).match(LINK), null, text);
  }
  assert.equal(noLinks('plain text [with brackets] (and parens)'), 'plain text [with brackets] (and parens)');
});

test('every notification or dialog built from a template goes through noLinks', () => {
  const dir = join(__dirname, '../../src/vscode');
  // the texts preview.ts builds, each of which returns noLinks(...) (checked here; what they say: preview.test.ts)
  const builders = ['mentionNotice', 'deleteQuestion', 'untitledNotice', 'notInWorkspace', 'nickRefusal'];
  const preview = readFileSync(join(dir, 'preview.ts'), 'utf8');
  for (const b of builders) assert.match(preview, new RegExp(`export function ${b}\\(.*\\{(?:(?!\\n\\}\\n)[^])*\\n  return noLinks\\(`), b);
  const unguarded: string[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    const src = readFileSync(join(dir, f), 'utf8');
    const guarded = new RegExp(`show(?:Information|Warning|Error)Message\\((?!(?:noLinks|${builders.join('|')})\\()(?!'[^'\`]*'[,)])`, 'g');
    for (const m of src.matchAll(guarded)) unguarded.push(`${f}: ${src.slice(m.index, m.index + 80)}`);
  }
  assert.deepEqual(unguarded, []);
});

test('an icon in a name from the network is shown as written, not drawn', () => {
  assert.equal(noIcons('room $(shield) $(person) 99'), 'room \\$(shield) \\$(person) 99');
  assert.equal(noIcons('costs $5 (each)'), 'costs $5 (each)');
});

test('every status bar message built from a template shows what it puts in through noIcons (numbers apart)', () => {
  const dir = join(__dirname, '../../src/vscode');
  const unguarded: string[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    const src = readFileSync(join(dir, f), 'utf8');
    for (const call of src.matchAll(/setStatusBarMessage\((.*)$/gm)) {
      // (a line span is numbers: "lines 12-15"; so is where moved code was found)
      for (const part of call[1]!.matchAll(/\$\{(?!noIcons\(|lineSpan\(|span\(|movedNote\()([^}]*)\}/g)) unguarded.push(`${f}: \${${part[1]}}`);
    }
  }
  assert.deepEqual(unguarded, []);
});
