// A file's uncommitted changes from the `git` command line: what Share Changes sends when VS Code's Git extension is
// not there to ask (disabled, or not looking after the file's repository).

import { execFile } from 'node:child_process';
import { basename, dirname } from 'node:path';

/**
 * `git args` in `cwd`: what it printed; failed, an error that says why in words (no git, no repository, no commit
 * yet: git's own are `fatal: not a git repository (or any of the parent directories): .git`), else with what git said.
 */
function git(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // (a file named `a[1].ts` is that file, not a pattern that names a1.ts)
    // (at most 8 MB: a diff longer than a room takes many times over)
    execFile('git', ['--literal-pathspecs', ...args], { cwd, timeout: 10_000, maxBuffer: 8 << 20 }, (err, out, said) => {
      if (!err) return resolve(out);
      const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'git is not installed here (or not on the PATH)'
        : /not a git repository/i.test(said) ? `${cwd} is in no Git repository`
        : /(?:bad revision|ambiguous argument) 'HEAD'/.test(said) ? 'its repository has no commit yet: nothing to compare with'
        : `git ${args[0]}: ${said.trim() || err.message}`;
      reject(new Error(why));
    });
  });
}

/**
 * The changes of the file at `file` since the last commit (the working tree against HEAD, staged or not), as
 * `git diff` prints them (without colour, nor a diff program of the repository's settings); '' for none; null for a file Git does not track. Not in a repository (or no
 * git): rejected with git's words.
 */
export async function gitFileDiff(file: string): Promise<string | null> {
  const [cwd, name] = [dirname(file), basename(file)];
  if ((await git(['ls-files', '--', name], cwd)) === '') return null;
  return git(['diff', '--no-color', '--no-ext-diff', 'HEAD', '--', name], cwd);
}
