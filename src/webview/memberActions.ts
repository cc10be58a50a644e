// The actions a member's context menu offers you, by your role and theirs: what package.json's "webview/context"
// menus show for them (their `when` clauses), said to a screen reader by the member's description. memberActions.test
// reads those clauses and checks the two agree.
import type { Role } from '../shared/panelMessages';

/** The titles of the menu's items on member `m` (without "..."), for you (`s`); none on yourself. */
export function memberActions(m: { nick: string; role: Role }, s: { nick: string; role: Role }): string[] {
  if (m.nick === s.nick) return [];
  const actions = ['Message Directly'];
  if (s.role === 'owner' && m.role === 'member') actions.push('Make Operator');
  if (s.role === 'owner' && m.role === 'op') actions.push('Remove Operator');
  if ((s.role === 'owner' && m.role !== 'owner') || (s.role === 'op' && m.role === 'member')) actions.push('Kick', 'Ban');
  return actions;
}
