// `/open [n]` in `tcp-chat join` on a terminal: a code card of the room (the last, or the nth last), opened in your
// editor ($VISUAL, $EDITOR, else vi) at its first line, in your copy of the file (its path from your repository's
// root, as /share sends it), where the code is in that copy now (a diff card's: at its first changed line, in the
// copy as it was before the changes or as after them); code it has no file for, from a copy of the card. The terminal
// is the editor's until it exits; the room's lines that came meanwhile print after.

import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandInfo } from '../protocol/commands';
import type { CodeRef } from '../protocol/messages';
import { copyToSearch, lineSpan, movedNote, pickSharedCopy, span, textLines } from '../protocol/sharedLines';
import { extensionOf, languageOf, repositoryOf } from './shareFile';
import { diffNotHere, findDiff, isDiffLanguage, linesBeforeChange } from '../protocol/diffHunks';

export const OPEN_COMMAND: CommandInfo = {
  name: 'open',
  usage: '/open [n]',
  help: 'Open the code last shared in this room (n: the nth last; Tab lists them) in your editor ($VISUAL or $EDITOR), in your copy of its file, where it is now.',
};

/** A code card of the room that /open may open: the latest RECENT_CODE_MAX of each room, the last one last. */
export interface SharedCard {
  seq: number;
  from: string;
  time: number;
  code: CodeRef;
  text: string;
}

/** How many of a room's latest code cards /open keeps to choose from. */
export const RECENT_CODE_MAX = 20;

/**
 * Which of `count` cards `/open <arg>` means (0-based from the first kept, `count - 1` the last): `arg` empty is the
 * last, `2` the one before it; or why none, in words (`room` names the room, as its prompt shows it; `command`: the
 * command that counts them so, /open's or /apply's).
 */
export function cardToOpen(arg: string, count: number, room: string, command = 'open'): number | { error: string } {
  const a = arg.trim();
  if (count === 0) return { error: noCodeYet(room, command) };
  const n = a === '' ? 1 : /^\d{1,3}$/.test(a) ? Number(a) : NaN;
  if (n >= 1 && n <= count) return count - n;
  // (one: no range to choose from, `n from 1 (the last) to 1`)
  if (count === 1) return { error: `/${command} ${a}: #${room} has one shared code to ${command}: /${command} ${command}s it` };
  // (the cards kept are those this client received: the room's history at the join too, at most RECENT_CODE_MAX;
  // with that many, a room that had more says why not /open 25)
  const kept = count === RECENT_CODE_MAX ? `, the last ${count} kept here` : '';
  return { error: `/${command} ${a}: ${command} the nth last code of #${room}, n from 1 (the last) to ${count}${kept} (Tab after /${command} lists them)` };
}

/**
 * What /open (or `command`: /apply) and its Tab list say when `room` (as its prompt shows it) has no code to open:
 * none shared (that this client received), or each one deleted since (`no code has been shared yet` was untrue then).
 */
export function noCodeYet(room: string, command = 'open'): string {
  return `no shared code in #${room} to ${command}`;
}

/** The widest a code reference is padded to in /open's Tab list: a longer one does not push the others right. */
export const OPEN_LIST_PAD_MAX = 40;

/**
 * The rows of /open's Tab list (`cards`: the code references and who shared each, the last shared first) as
 * `   1  src/app.ts:2-6 (diff)        alice 22:16`: the references padded to the longest of them, so that who
 * shared each lines up, but to at most OPEN_LIST_PAD_MAX cells, and no wider than leaves them room in a row of the
 * terminal's `columns` (a longer reference is left as it is, the rest still line up). `cells`: the columns a text
 * takes (a terminal's client counts a wide character's two). Each row in parts, for the terminal to colour.
 */
export function openListRows(cards: readonly { label: string; by: string }[], columns?: number, cells: (text: string) => number = (t) => t.length): { number: string; label: string; by: string }[] {
  const longest = Math.max(0, ...cards.map((c) => cells(c.label)));
  const widestBy = Math.max(0, ...cards.map((c) => cells(c.by)));
  // (a row: 2 + the number's 2 + 2, the reference, 2, who and when; and the terminal's last column left free)
  const room = columns === undefined ? Infinity : columns - 1 - 8 - widestBy;
  const width = Math.max(0, Math.min(longest, OPEN_LIST_PAD_MAX, room));
  return cards.map((c, k) => ({ number: String(k + 1).padStart(2), label: c.label + ' '.repeat(Math.max(0, width - cells(c.label))), by: c.by }));
}

/** Editors that take `FILE:LINE` (with `--goto` for VS Code's family) rather than `+LINE FILE`. */
const GOTO = new Set(['code', 'code-insiders', 'codium', 'cursor']);
const COLON = new Set(['subl', 'sublime_text', 'hx', 'helix', 'zed']);
/**
 * Editors that take no line at all: the file alone (`ed +30 a.ts` opened a file named `+30`); and `cat`, as
 * EDITOR=cat to read the code in the terminal (`cat: +30: No such file or directory` above it).
 */
const FILE_ONLY = new Set(['ed', 'red', 'notepad', 'cat']);

/** The arguments that open `file` at `line` in the editor called `name`. */
function lineArgs(name: string, file: string, line: number): string[] {
  if (GOTO.has(name)) return ['--goto', `${file}:${line}`];
  if (COLON.has(name)) return [`${file}:${line}`];
  if (FILE_ONLY.has(name)) return [file];
  if (name === 'notepad++') return [`-n${line}`, file];
  return [`+${line}`, file];
}

/**
 * The command that opens `file` at `line` in `editor` (as $EDITOR holds it: a command and maybe its options). On
 * POSIX the value is a shell command, as Git and every other program that runs $EDITOR take it (`vim -c 'set nu'`,
 * `nvim -u ~/init.lua`, a path with spaces in quotes): run by `sh -c '<editor> "$@"'` with the file's arguments;
 * on Windows its words, a double-quoted one whole (`"C:\Program Files\Notepad++\notepad++.exe" -multiInst`).
 * Which arguments say the line depends on the editor, named by its first word.
 */
export function editorCommand(editor: string, file: string, line: number, platform: NodeJS.Platform = process.platform): { command: string; args: string[] } {
  const value = editor.trim() === '' ? 'vi' : editor.trim();
  const first = /^(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(value);
  // (its last path part, after a slash or a backslash: `C:\...\code.cmd` is VS Code's)
  const name = (first?.[1] ?? first?.[2] ?? first?.[3] ?? 'vi').split(/[\\/]/).pop()!.toLowerCase().replace(/\.(exe|cmd|bat)$/, '');
  const at = lineArgs(name, file, line);
  if (platform !== 'win32') return { command: 'sh', args: ['-c', `${value} "$@"`, value, ...at] };
  const [command = 'vi', ...options] = [...value.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
  return { command, args: [...options, ...at] };
}

/** The exit codes of `sh -c` for a command it could not run: not found (127), not executable (126). */
export function editorDidNotStart(code: number | null): boolean {
  return code === 127 || code === 126;
}

/** A copy bigger than this is not read to look for the code: it opens at the shared line (as VS Code's Open). */
export const MAX_READ_BYTES = 8 * 1024 * 1024;

/** A copy's lines, or why they were not read (too big, or not readable: it then opens where it was shared). */
function linesOf(file: string, read: (file: string) => string): string[] | { unread: string } {
  try {
    if (statSync(file).size > MAX_READ_BYTES) return { unread: 'is too big to look for the shared code in' };
    return textLines(read(file));
  } catch (e) {
    return { unread: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
}

/**
 * The parts of `path`, a card's path in a repository as a sharer's client sends it, or undefined for one of another's
 * making that climbs out of it or starts at a root: it would name a file of this machine that nobody shared.
 */
export function repositoryPath(path: string): string[] | undefined {
  const parts = path.split('/');
  return /^[/\\]|^[a-z]:/i.test(path) || path.includes('\\') || parts.some((p) => p === '..' || p === '.') ? undefined : parts;
}

/**
 * Where the code of card `code` (its lines `text`) is in this copy (typed from folder `cwd`): its path under the
 * root of cwd's repository, else under cwd, the one that has the code; its line there, found as VS Code's Open finds
 * it (each side edits its own copy: lines move), and a word on where when it is not where it was shared from; or
 * why this copy has no file for it (`missing`, in words for the user: its code then opens from a copy of the card).
 * `read` reads a file (a test's stands for one this user may not read: root reads any).
 */
export function sharedFileHere(code: CodeRef, text: string, cwd: string, read = (file: string): string => readFileSync(file, 'utf8')): { file: string; line: number; note?: string } | { missing: string } {
  const path = code.path;
  if (path === undefined || path === '') return { missing: 'that code has no file' };
  if (code.outside) return { missing: `${path} is not a file of the sharer's folder` };
  const parts = repositoryPath(path);
  if (parts === undefined) return { missing: `${path} is no path in a repository` };
  const root = repositoryOf(cwd);
  const dirs = root !== undefined ? [root, cwd] : [cwd];
  // (a path no file can have is none here: a part past the system's 255 bytes, a file as a folder (`a.ts/b`), a NUL.
  // The throw went up through readline and ended the join, for a card of a hostile room's making)
  const isFile = (f: string) => {
    try {
      return statSync(f, { throwIfNoEntry: false })?.isFile() === true;
    } catch {
      return false;
    }
  };
  const files = [...new Set(dirs.map((dir) => join(dir, ...parts)))].filter(isFile);
  // (the numbers came from another member: the protocol checked them; the search ends in the file whatever they are)
  const shared = { start: code.startLine ?? 1, end: code.endLine ?? code.startLine ?? 1 };
  const copies = files.map((f) => linesOf(f, read));
  const exact = files.map(() => true);
  // a diff card (/changes, Share Changes): the side of it this copy has, the old (HEAD's) or the new, where it is now, at
  // its first changed line, as VS Code's Open selects its lines there; neither: the diff itself, from a copy, as
  // VS Code's Open shows it (searched for as any card's code, its header and its +/- lines in no file, it opened the
  // file saying it "does not contain the shared code"); a copy not read (too big), as any card's: at the lines shared
  const diff = isDiffLanguage(code.language);
  const looked = copies.map((c) => (Array.isArray(c) ? c : null));
  let found = diff ? findDiff(looked, text) : 'unread';
  let pick = found === 'absent' ? undefined : pickSharedCopy(looked, text, shared.start, shared.end);
  // a card shared from a multi-root VS Code window names its folder first, `web/src/app.ts`: this copy of that
  // folder has it as src/app.ts. Looked for only where no file of the path has the code where it was or moved (a
  // diff card's: neither side, in copies all read), and taken only with the code in it, as VS Code's Open takes a
  // file found by its name
  if (parts.length > 1 && (diff ? found === 'absent' : pick === undefined || (pick.at.where !== 'same' && pick.at.where !== 'moved'))) {
    const inFolder = [...new Set(dirs.map((dir) => join(dir, ...parts.slice(1))))].filter((f) => isFile(f) && !files.includes(f));
    files.push(...inFolder);
    copies.push(...inFolder.map((f) => linesOf(f, read)));
    exact.push(...inFolder.map(() => false));
    const searched = copies.map((c, i) => copyToSearch(Array.isArray(c) ? c : null, exact[i]!));
    if (diff) found = findDiff(searched, text);
    else pick = pickSharedCopy(searched, text, shared.start, shared.end, exact);
  }
  const as = parts.slice(1).join('/');
  if (typeof found === 'object') {
    const line = found.start + 1 + Math.min(linesBeforeChange(text), found.side.text.split('\n').length - 1);
    return { file: files[found.copy]!, line, ...(exact[found.copy] ? {} : { note: `${path} is ${as} here` }) };
  }
  if (found === 'absent' && exact.includes(true)) return { missing: diffNotHere(path) };
  const nowhere = { missing: `no ${path} in ${root ?? cwd} (run join in your copy of the repository to open its files)` };
  if (!pick) return nowhere;
  const { at } = pick;
  const here = { file: files[pick.copy]!, line: at.start + 1 };
  const was = lineSpan(shared.start, shared.end);
  if (!exact[pick.copy]) {
    // another path than the card's: only with the code in it
    if (at.where !== 'same' && at.where !== 'moved') return nowhere;
    return { ...here, note: `${path} is ${as} here${at.where === 'moved' ? `; ${movedNote(shared.start, shared.end, at)}` : ''}` };
  }
  switch (at.where) {
    case 'same':
      return here;
    case 'moved':
      return { ...here, note: movedNote(shared.start, shared.end, at) };
    case 'edited':
      return { ...here, note: `the shared code was changed in ${path} here: opening ${lineSpan(at.start + 1, at.end + 1)}, where most of its lines still are (shared as ${span(shared.start, shared.end)})` };
    case 'unread': {
      const copy = copies[pick.copy]!;
      return { ...here, note: `${path} ${Array.isArray(copy) ? 'was not read' : copy.unread}: opening it at ${was} as shared` };
    }
    case 'absent':
      return { ...here, note: `${path} here does not contain the shared code (it was changed on one side): opening ${lineSpan(at.start + 1, at.end + 1)}, where it was shared from` };
  }
}

/**
 * A file name for a copy of a card's code: the last part of its path (another's making: only letters, digits and
 * `_ . + -`, no leading dot), else `shared-code` with an extension for its language, so the editor colours it; a
 * diff card's with `.diff` after it (`a.ts.diff`). A name that is no source file's (an extension of none of the
 * languages /share knows) gets `.txt` after it: the sharer chose it, and an editor opens some by what they are
 * (`code` took `team.code-workspace` for a workspace to open, its folders and tasks the sharer's).
 */
export function copyName(code: CodeRef): string {
  const last = (code.path ?? '').split(/[\\/]/).pop() ?? '';
  const name = last.replace(/[^\w.+-]/g, '_').replace(/^\.+/, '').slice(-80);
  // (a diff card's: the diff, named as such, `a.ts.diff`)
  if (name !== '' && /[^_]/.test(name)) return isDiffLanguage(code.language) && languageOf(name) !== 'diff' ? `${name}.diff` : languageOf(name) === undefined ? `${name}.txt` : name;
  const ext = extensionOf(code.language);
  return ext === undefined ? 'shared-code.txt' : `shared-code.${ext}`;
}

/** The folder of this process's copies of cards in each temporary folder (made at the first, this user's only). */
const copies = new Map<string, string>();
let copied = 0;

/**
 * Writes the code of a card this copy has no file for to a file of its own (in a folder of the system's temporary
 * one, `<n>/<name>`), for /open to open as VS Code's Open opens such code in an untitled editor; returns its path.
 * The copy stays after the editor exits (an editor that does not wait, `code` without --wait, reads it later; what
 * the user changed in it is theirs); the system clears its temporary folder.
 */
export function writeCodeCopy(code: CodeRef, text: string, base: string = tmpdir()): string {
  const folder = copies.get(base) ?? mkdtempSync(join(base, 'tcp-chat-code-'));
  copies.set(base, folder);
  const dir = join(folder, String(++copied));
  // (recursive: a folder the system cleared meanwhile is made again, this user's only as before)
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, copyName(code));
  writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`, { mode: 0o600, flag: 'wx' });
  return file;
}
