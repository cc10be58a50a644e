// `/share FILE[:LINE[-LINE]]` in `tcp-chat join` (and the host's own seat): lines of a file on this machine sent as
// a code card, as VS Code's Share Selection sends one. Its path is the file's from the root of its Git repository
// (what VS Code names a file of an opened folder), so that Open in the others' VS Code lands on the same lines; its
// language is VS Code's id for the file's extension.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { CommandInfo } from '../protocol/commands';
import type { CodeRef } from '../protocol/messages';
import { decodeUtf8 } from '../protocol/encoding';

export const SHARE_COMMAND: CommandInfo = {
  name: 'share',
  usage: '/share <file>[:<line>[-<line>]]',
  help: 'Share lines of a file (the whole file without lines) as code: in VS Code, Open lands on them.',
};

/** The largest file read to share lines of (a room takes 16 K characters a message by default). */
export const SHARE_FILE_MAX = 8 * 1024 * 1024;

/** VS Code's language id for a file's extension (lower case), or for its whole name. */
const LANGUAGES = new Map(Object.entries({
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'typescriptreact', js: 'javascript', mjs: 'javascript',
  cjs: 'javascript', jsx: 'javascriptreact', json: 'json', jsonc: 'jsonc', py: 'python', rs: 'rust', go: 'go',
  java: 'java', kt: 'kotlin', scala: 'scala', c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp',
  cs: 'csharp', css: 'css', scss: 'scss', less: 'less', html: 'html', htm: 'html', xml: 'xml', svg: 'xml', md: 'markdown',
  yml: 'yaml', yaml: 'yaml', toml: 'toml', ini: 'ini', sh: 'shellscript', bash: 'shellscript', zsh: 'shellscript',
  sql: 'sql', diff: 'diff', patch: 'diff', rb: 'ruby', php: 'php', swift: 'swift', lua: 'lua', r: 'r', pl: 'perl',
  ps1: 'powershell', bat: 'bat', dart: 'dart', vue: 'vue', ex: 'elixir', exs: 'elixir', hs: 'haskell', clj: 'clojure',
  fs: 'fsharp', m: 'objective-c', dockerfile: 'dockerfile', makefile: 'makefile',
}));

/** A file extension for VS Code's language id `language` (the first the table has for it): `typescript` -> `ts`. */
export function extensionOf(language: string | undefined): string | undefined {
  for (const [ext, id] of LANGUAGES) if (id === language) return ext;
  return undefined;
}

/** The language id of a file, by its extension or its name (`Dockerfile`, `Makefile`); undefined when unknown. */
export function languageOf(file: string): string | undefined {
  const name = basename(file).toLowerCase();
  const dot = name.lastIndexOf('.');
  return LANGUAGES.get(dot > 0 ? name.slice(dot + 1) : name);
}

/** What `/share` was given: the file, and the lines asked for (none: all of them). */
export function parseShareArgs(args: string, exists: (path: string) => boolean = existsSync, usage = SHARE_COMMAND.usage): { file: string; start?: number; end?: number } | { error: string } {
  const a = args.trim();
  if (a === '') return { error: `usage: ${usage}` };
  // (a file whose name ends so, `notes:12`, is that file)
  if (exists(a)) return { file: a };
  // FILE:12, FILE:12-15; and as compilers and stack traces write it, FILE:12:5 (the column is no matter), and as
  // GitHub does, FILE#L12-L15
  const m = /^(.+?)(?::L?|#L)(\d+)(?::\d+)?(?:-L?(\d+)(?::\d+)?)?$/i.exec(a);
  if (!m) {
    // a file, then what is no line (`a.ts:3-`, `a.ts:x`): said so, not "no file a.ts:3-"
    const colon = a.lastIndexOf(':');
    if (colon > 0 && exists(a.slice(0, colon))) return { error: `"${a.slice(colon + 1)}" is no line of ${a.slice(0, colon)}: ${usage}` };
    return { file: a };
  }
  const [from, to] = [Number(m[2]), Number(m[3] ?? m[2])];
  if (from < 1 || to < 1) return { error: 'lines are numbered from 1' };
  // (a range typed backwards is the same lines)
  return { file: m[1] ?? '', start: Math.min(from, to), end: Math.max(from, to) };
}

/** `path` typed in folder `cwd`, a `~/` at its start your home folder (no shell expands it here). */
export function located(path: string, cwd: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : resolve(cwd, path);
}

/**
 * Why `typed` (a path typed in folder `cwd`) could not be read, in words for the user: a relative path that is not
 * there names the folder it was looked for in; an absolute one, or one from your home folder (`~/`), does not
 * (`no file /etc/x.ts here (/work)`: /work was never looked in).
 */
export function unreadable(typed: string, cwd: string, e: unknown): string {
  if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return `cannot read ${typed}: ${(e as Error).message}`;
  const fromHere = !isAbsolute(typed) && typed !== '~' && !typed.startsWith('~/');
  return fromHere ? `no file ${typed} here (${cwd})` : `no file ${typed}`;
}

/** The folder of the Git repository folder `from` is in (itself or the nearest one above it holding `.git`), if any. */
export function repositoryOf(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** `file`'s path under `root` with forward slashes, or undefined when it is not under it. */
function pathUnder(file: string, root: string): string | undefined {
  const rel = relative(root, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? undefined : rel.split(sep).join('/');
}

/**
 * How a card names `file` (typed in folder `cwd`): its path from its repository's root, else from `cwd`; a file under
 * neither is `outside` (its name only, to show: there is nothing the others could open by it).
 */
export function cardPathOf(file: string, cwd: string): { path: string; outside?: true } {
  const root = repositoryOf(dirname(file));
  const path = (root !== undefined ? pathUnder(file, root) : undefined) ?? pathUnder(file, cwd);
  return path === undefined ? { path: basename(file), outside: true } : { path };
}

/**
 * The code card `/share <args>` sends, typed in folder `cwd` (`~/` is your home folder): the lines' text and where they are from; or why there is
 * none, in words for the user. Its path: from the file's repository's root, else from `cwd`; a file under neither is
 * `outside` (its name only, to show: there is nothing the others could open by it).
 */
export function readShare(args: string, cwd: string): { ok: true; text: string; code: CodeRef } | { ok: false; message: string } {
  const asked = parseShareArgs(args, (p) => existsSync(located(p, cwd)));
  if ('error' in asked) return { ok: false, message: asked.error };
  const file = located(asked.file, cwd);
  let bytes: Buffer;
  try {
    const st = statSync(file);
    if (st.isDirectory()) return { ok: false, message: `${asked.file} is a folder: share a file's lines` };
    if (st.size > SHARE_FILE_MAX) return { ok: false, message: `${asked.file} is too big to share lines of (over ${SHARE_FILE_MAX / 1024 / 1024} MB)` };
    bytes = readFileSync(file);
  } catch (e) {
    return { ok: false, message: unreadable(asked.file, cwd, e) };
  }
  const whole = bytes.includes(0) ? null : decodeUtf8(bytes);
  if (whole === null) return { ok: false, message: `${asked.file} is not text (UTF-8): not sent` };
  // (without a byte order mark, as an editor shows the file: the panel would mark it as a hidden character)
  const lines = whole.replace(/^\ufeff/, '').split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop(); // (the newline that ends the last line)
  const start = asked.start ?? 1;
  const end = asked.end ?? lines.length;
  if (end > lines.length) return { ok: false, message: `${asked.file} has ${lines.length} line${lines.length === 1 ? '' : 's'}: line ${end} is past its end` };
  const text = lines.slice(start - 1, end).join('\n');
  if (text.trim() === '') return { ok: false, message: `${start === end ? 'that line is' : 'those lines are'} blank: not sent` };
  const { path, outside } = cardPathOf(file, cwd);
  const language = languageOf(file);
  return {
    ok: true,
    text,
    code: { path, ...(language ? { language } : {}), startLine: start, endLine: end, ...(outside ? { outside } : {}) },
  };
}

/** The most names Tab offers after `/share` (readline lists them all on a second Tab). */
const MAX_FILE_CHOICES = 500;

/**
 * Tab after `/share ` (and `/changes `): the files and folders (a folder with its `/`) of the folder typed so far whose names start as
 * typed (those starting with a dot only when a dot is typed), for readline: the candidates and the text they replace.
 * Undefined when `before` is no file name being typed after /share or /changes.
 */
export function shareCompletions(before: string, cwd: string): [string[], string] | undefined {
  const m = /^\/(?:share|changes)\s+(.*)$/i.exec(before);
  const typed = m?.[1];
  if (typed === undefined || /:\d*(?:-\d*)?$/.test(typed)) return undefined;
  const slash = typed.lastIndexOf('/');
  const [dir, start] = [typed.slice(0, slash + 1), typed.slice(slash + 1)];
  let names: string[];
  try {
    names = readdirSync(located(dir || '.', cwd), { withFileTypes: true })
      .filter((d) => d.name.startsWith(start) && (start.startsWith('.') || !d.name.startsWith('.')))
      .map((d) => `${dir}${d.name}${d.isDirectory() ? '/' : ''}`)
      .sort()
      .slice(0, MAX_FILE_CHOICES);
  } catch {
    names = [];
  }
  return [names, typed];
}

