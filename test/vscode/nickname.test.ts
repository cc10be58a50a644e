import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gitCliFolder, nicknameTarget, repositoryOf, resolveNickname, type NickSources } from '../../src/vscode/nickname';

function sources(over: Partial<Record<keyof NickSources, string | undefined | Error>>, calls: string[] = []): NickSources {
  const val = (k: keyof NickSources) => {
    calls.push(k);
    const v = over[k];
    if (v instanceof Error) throw v;
    return v;
  };
  return {
    setting: () => val('setting') as string | undefined,
    gitRepository: async () => val('gitRepository') as string | undefined,
    gitGlobal: async () => val('gitGlobal') as string | undefined,
    gitCli: async () => val('gitCli') as string | undefined,
    osUser: () => val('osUser') as string | undefined,
  };
}

test('the setting wins over everything, and nothing else is asked', async () => {
  const calls: string[] = [];
  const r = await resolveNickname(sources({ setting: 'alice', gitRepository: 'Bob', osUser: 'root' }, calls));
  assert.deepEqual(r, { nick: 'alice', source: 'setting' });
  assert.deepEqual(calls, ['setting']);
});

test('order: setting, Git repository config, Git global config, git CLI, OS user', async () => {
  assert.equal((await resolveNickname(sources({ gitRepository: 'repo', gitGlobal: 'glob', gitCli: 'cli', osUser: 'os' }))).source, 'git-repository');
  assert.equal((await resolveNickname(sources({ gitGlobal: 'glob', gitCli: 'cli', osUser: 'os' }))).source, 'git-global');
  assert.equal((await resolveNickname(sources({ gitCli: 'cli', osUser: 'os' }))).source, 'git-cli');
  assert.equal((await resolveNickname(sources({ osUser: 'os' }))).source, 'os');
  assert.deepEqual(await resolveNickname(sources({})), { nick: 'guest', source: 'fallback' });
});

test('blank values and failing sources are skipped', async () => {
  const r = await resolveNickname(sources({ setting: '   ', gitRepository: new Error('git extension disabled'), gitGlobal: '', gitCli: 'carol' }));
  assert.deepEqual(r, { nick: 'carol', source: 'git-cli' });
});

test('a Git full name becomes a valid nickname', async () => {
  const r = await resolveNickname(sources({ gitRepository: 'Ada Lovelace' }));
  assert.equal(r.source, 'git-repository');
  assert.match(r.nick, /^[A-Za-z0-9_.-]+$/);
  assert.match(r.nick, /Ada/);
});

test('a name with nothing usable in it falls through to the next source', async () => {
  const r = await resolveNickname(sources({ setting: '!!!', osUser: 'dave' }));
  assert.deepEqual(r, { nick: 'dave', source: 'os' });
});

test("the active file's Git repository: the deepest that holds it, not one whose folder name only starts the same", () => {
  const roots = ['/x/app', '/x/app-lib', '/x/app/vendor/sub'];
  assert.equal(repositoryOf('/x/app-lib/src/a.ts', roots), 1, 'not /x/app');
  assert.equal(repositoryOf('/x/app/src/a.ts', roots), 0);
  assert.equal(repositoryOf('/x/app/vendor/sub/b.ts', roots), 2, 'a submodule inside: the innermost');
  assert.equal(repositoryOf('/y/c.ts', roots), -1);
  assert.equal(repositoryOf('C:\\work\\app-lib\\a.ts', ['C:\\work\\app', 'C:\\work\\app-lib']), 1, 'Windows paths');
});

test("Change Nickname saves where the setting has its value: the workspace's, when it sets one (else it went on winning), else the user's", () => {
  assert.equal(nicknameTarget({ workspaceValue: 'team-bob' }), 'workspace');
  assert.equal(nicknameTarget({ workspaceValue: undefined }), 'global');
  assert.equal(nicknameTarget(undefined), 'global');
});

test("`git config user.name` runs in the workspace's folder only when the workspace is trusted (Windows looks for git.exe there first)", () => {
  assert.equal(gitCliFolder(true, '/work/repo'), '/work/repo');
  assert.equal(gitCliFolder(false, '/work/repo'), undefined);
});
