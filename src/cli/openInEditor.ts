// `/open` in `tcp-chat join` on a terminal: the last code card of the room, opened in your editor ($VISUAL, $EDITOR,
// else vi) at its first line, in your copy of the file (its path from your repository's root, as /share sends it).
// The terminal is the editor's until it exits; the room's lines that came meanwhile print after.

import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CommandInfo } from '../protocol/commands';
import type { CodeRef } from '../protocol/messages';
import { repositoryOf } from './shareFile';

export const OPEN_COMMAND: CommandInfo = {
  name: 'open',
  usage: '/open',
  help: 'Open the code last shared in this room in your editor ($VISUAL or $EDITOR), at its first line, in your copy of its file.',
};

/** Editors that take `FILE:LINE` (with `--goto` for VS Code's family) rather than `+LINE FILE`. */
const GOTO = new Set(['code', 'code-insiders', 'codium', 'cursor']);
const COLON = new Set(['subl', 'sublime_text', 'hx', 'helix', 'zed']);

/** The command that opens `file` at `line` in `editor` (as $EDITOR holds it: a command and maybe its options). */
export function editorCommand(editor: string, file: string, line: number): { command: string; args: string[] } {
  const [command = 'vi', ...options] = editor.trim().split(/\s+/).filter((w) => w !== '');
  const name = basename(command).toLowerCase().replace(/\.(exe|cmd|bat)$/, '');
  if (GOTO.has(name)) return { command, args: [...options, '--goto', `${file}:${line}`] };
  if (COLON.has(name)) return { command, args: [...options, `${file}:${line}`] };
  return { command, args: [...options, `+${line}`, file] };
}

/**
 * Where the code of card `code` is in this copy (typed from folder `cwd`): its path under the root of cwd's
 * repository, else under cwd; or why there is nothing to open, in words for the user.
 */
export function sharedFileHere(code: CodeRef, cwd: string): { file: string; line: number } | { error: string } {
  const path = code.path;
  if (path === undefined || path === '') return { error: 'that code has no file: nothing to open' };
  if (code.outside) return { error: `${path} is not a file of the sharer's folder: nothing to open by its name` };
  // (a path in a repository, as a sharer's client sends it: one of another's making that climbs out of it, or starts
  // at a root, would open a file of this machine that nobody shared)
  const parts = path.split('/');
  if (/^[/\\]|^[a-z]:/i.test(path) || path.includes('\\') || parts.some((p) => p === '..' || p === '.')) {
    return { error: `${path} is no path in a repository: nothing to open` };
  }
  const root = repositoryOf(cwd);
  for (const dir of root !== undefined ? [root, cwd] : [cwd]) {
    const file = join(dir, ...parts);
    if (existsSync(file) && statSync(file).isFile()) return { file, line: Math.max(1, code.startLine ?? 1) };
  }
  return { error: `no ${path} in ${root ?? cwd}: /open opens your copy of the file (run join in your copy of the repository)` };
}
