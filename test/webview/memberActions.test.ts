import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { memberActions } from '../../src/webview/memberActions';
import type { Role } from '../../src/shared/panelMessages';

interface Manifest {
  contributes: { commands: { command: string; title: string }[]; menus: Record<string, { command: string; when?: string }[]> };
}
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;

/**
 * Evaluates a `when` clause of the kind package.json's menus use (context keys, quoted strings, == and !=, &&, ||,
 * ! and parentheses) against `context`, as VS Code does: a key it lacks is undefined.
 */
function when(clause: string, context: Record<string, unknown>): boolean {
  const js = clause
    .replace(/'[^']*'|([A-Za-z_][\w.]*)/g, (token, key: string | undefined) => (key === undefined ? token : `c[${JSON.stringify(key)}]`))
    .replace(/([!=])=/g, '$1==');
  assert.match(js, /^[\sc["\w.\]'=!&|()-]*$/, `a clause this test reads: ${clause}`);
  return Boolean(new Function('c', `return ${js};`)(context)); // (the manifest's own text, checked above)
}

test("a member's description names the actions its context menu shows you: package.json's menus, for every role of yours and theirs", () => {
  const titles = new Map(manifest.contributes.commands.map((c) => [c.command, c.title.replace(/\.\.\.$/, '')]));
  const items = manifest.contributes.menus['webview/context']!.filter((i) => /webviewSection == 'member'/.test(i.when ?? ''));
  assert.ok(items.length >= 5, 'the member menu is read');
  const roles: Role[] = ['owner', 'op', 'member'];
  for (const myRole of roles) {
    for (const memberRole of roles) {
      for (const memberIsYou of [false, true]) {
        const context = { webviewId: 'tcpChat.panel', webviewSection: 'member', 'tcpChat.connected': true, myRole, memberRole, memberIsYou };
        const shown = items.filter((i) => when(i.when ?? 'true', context)).map((i) => titles.get(i.command));
        const me = { nick: 'me', role: myRole };
        assert.deepEqual(memberActions(memberIsYou ? me : { nick: 'them', role: memberRole }, me), shown, `${myRole} on ${memberIsYou ? 'yourself' : memberRole}`);
      }
    }
  }
});
