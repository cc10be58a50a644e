// Path:line mentions in chat text (`src/app.ts:42`, `File "x.py", line 3`, a path glued to CJK text or with spaces
// where its bounds are plain): where each is and what it opens. Pure: markdown.ts makes them links.

/** A character of a file or folder name, but a dot (any script's letters: `écran.ts`). */
const NAME_CHAR = String.raw`[\p{L}\p{M}\p{N}_@~+$-]`;
/**
 * A part of a name in brackets (`[slug]`, `[...id]`), and of a folder's in parentheses (`(marketing)`): without the
 * characters a link may start after (`((b)((b)...` was a path start at every `(`, each scan to the text's end).
 */
const BRACKETS = String.raw`\[[^\]\s/\\([{"'\x60<,;]{1,100}\]`;
const PARENS = String.raw`\([^)\s/\\([{"'\x60<,;]{1,100}\)`;
/**
 * A path as PATH_LINE finds it, its names of `nameChar`s (and dots, brackets, a folder's parentheses); `spaced`, with
 * spaces in them after their first character (`My Project/my file.ts`: only where the path's bounds are plain).
 */
function pathPattern(nameChar: string, spaced = false): string {
  const more = spaced ? String.raw`(?:${nameChar}| )` : nameChar;
  const folder = String.raw`\.?(?:${nameChar}|${BRACKETS}|${PARENS})(?:${more}|\.|${BRACKETS}|${PARENS})*[\\/]`;
  const file = String.raw`\.?(?:${nameChar}|${BRACKETS})(?:${more}|\.|${BRACKETS})*\.[A-Za-z][A-Za-z0-9]{0,9}`;
  return String.raw`(?:[A-Za-z]:[\\/]|\.{1,2}[\\/]|[\\/])?(?:${folder})*${file}`;
}
/** The line after a path, in each form PATH_LINE describes (groups 3-10 where the path is group 2). */
const LINE = String.raw`(?::([1-9]\d{0,6})(?::(\d{1,5})|[-\u2013]([1-9]\d{0,6}))?|\(([1-9]\d{0,6})(?:, ?(\d{1,5}))?\)|#L([1-9]\d{0,6})(?:-L([1-9]\d{0,6}))?|:line ([1-9]\d{0,6}))`;
/**
 * A letter of the scripts written with no spaces between words (Han, kana; Hangul's particles too: `a.ts:12를`), and
 * their punctuation (`、` `。` `「`): text glued to a path (`見てsrc/a.ts:12を`, `请看src/a.ts:12。`).
 */
const CJK = String.raw`[\p{scx=Han}\p{scx=Hira}\p{scx=Kana}\p{scx=Hang}]`;
/** Punctuation of CJK text (`。` `「` and fullwidth `（` `：` `，`): of its blocks, what is no name's character. */
const CJK_PUNCT = String.raw`(?!${NAME_CHAR})[\u3000-\u303F\uFF01-\uFF65]`;
/**
 * Typographic quotes (“ ” ‘ ’ « » ‹ ›): what smart-quoting editors and chat apps put around a path pasted from them
 * (`“src/a.ts:3”` had no link). They bound a path as ASCII quotes do.
 */
const TYPO_QUOTES = '\u201C\u201D\u2018\u2019\u00AB\u00BB\u2039\u203A';
/** What may follow a path:line. */
const PATH_END = String.raw`(?=$|[\s)\]}"'\x60>,;.!?:${TYPO_QUOTES}]|${CJK}|${CJK_PUNCT})`;
/**
 * `src/app.ts:42`, `./lib/x.py:3:7` or `a.ts:12-20` (a file name with an extension, then :line from 1, then
 * optionally :column or -last line: a hyphen or an en dash); as compilers write it, `src/x.ts(12,5)` or `x.ts(12)`
 * (tsc, MSBuild, C#); as GitHub does, `src/a.ts#L12` or `src/a.ts#L12-L20`; as a .NET stack trace does,
 * `C:\src\Foo.cs:line 42`. Folders may be parted by `\` and start with a drive (`C:\`), as on Windows; a name may
 * start with a dot (`.github/workflows/ci.yml:12`), have letters of any script (`src/écran.ts:3`), `$`, and a part
 * in brackets (`app/blog/[slug]/page.tsx:3`, `pages/[...id].tsx:3`); a folder's in parentheses too
 * (`app/(marketing)/page.tsx:3`; a file's would read as a compiler's line). CJK punctuation bounds it as ASCII's does
 * (`「src/a.ts:12」`), and CJK text after it too (`a.ts:12を`); CJK text glued before it is cut off (textBefore), or
 * GLUED_PATH_LINE's where nothing before it bounds a path (`C:\` after it, `!見てsrc/`). Groups:
 * 3-5 line, column, last line of the first form, 6-7 line and column of the second, 8-9 line and last line of the
 * third, 10 the line of the fourth.
 */
const PATH_LINE = new RegExp(String.raw`(^|[\s([{"'\x60<,;${TYPO_QUOTES}]|${CJK_PUNCT})(${pathPattern(NAME_CHAR)})${LINE}${PATH_END}`, 'gu');
/**
 * Folders at a Unix disk's root (macOS's too): after CJK text glued to a path (`見て/home/me/a.ts`), the path is
 * that text and a path from the root, not a folder of that name with those folders in it.
 */
const ROOT_FOLDER = /^[\\/](?:home|Users|usr|var|tmp|etc|opt|mnt|srv|root|Volumes|private|workspaces?)[\\/]/;
/**
 * A path glued after a CJK letter (`見てC:\src\App.cs:line 42`, `!見てsrc/a.ts:3`), in PATH_LINE's groups (1 empty):
 * where PATH_LINE finds none (no bound before the CJK text, or a drive after it). From a word of two letters or
 * more of another script, a drive, a folder at a disk's root (`!見て/home/a.ts:3`), `~/`, `./` or `../`, as
 * textBefore reads it; with no CJK letter in it, so that no place is in two
 * of its scans (`漢ab/漢ab/...` would start one at every `a`, each to the text's end). Inside a path PATH_LINE found
 * (`src/資料xy/a.ts:3`) it is that one's part: the longer from the earlier start is kept.
 */
const GLUED_PATH_LINE = new RegExp(String.raw`((?<=${CJK})(?=(?:(?!${CJK})\p{L}){2}|[A-Za-z]:[\\/]|${ROOT_FOLDER.source.slice(1)}|~[\\/]|\.{1,2}[\\/]))(${pathPattern(String.raw`(?:(?!${CJK})${NAME_CHAR})`)})${LINE}${PATH_END}`, 'gu');
/** A path's first name, to its last CJK letter (group 1), and the rest of that name (group 2). */
const FIRST_NAME_CJK = new RegExp(String.raw`^([^\\/]*${CJK})([^\\/]*)`, 'u');

/**
 * How much of a path PATH_LINE found is CJK text glued before it (0: none). A path's first name is ambiguous: CJK
 * text and a path, or a name in those scripts. The rule: CJK text, then a word of two letters or more of another
 * script, is text, the path from the word (`見てsrc/資料/a.ts`, `Reactのsrc/a.ts`; any names after its first);
 * so is it before `~/`, `./` or `../`. One letter or a digit after it is the name's (`資料x/a.ts`, `資料2/a.ts`,
 * `見てa.ts`: the whole path). A first name that ends in a CJK letter is a folder (`資料/メモ.md`), but before a
 * folder at a disk's root (ROOT_FOLDER: `見て/home/a.ts`), where it is text and the path starts at the `/`.
 */
function textBefore(path: string): number {
  const m = FIRST_NAME_CJK.exec(path);
  if (!m) return 0;
  const [cjk = '', rest = ''] = [m[1], m[2]];
  if (rest === '') return ROOT_FOLDER.test(path.slice(cjk.length)) ? cjk.length : 0;
  const sep = path.length > cjk.length + rest.length;
  return /^\p{L}{2}/u.test(rest) || (sep && /^(?:~|\.{1,2})$/.test(rest)) ? cjk.length : 0;
}
/**
 * A path with spaces in its names, between quotes (`"C:\Users\me\My Project\a.ts:3"`, `'src/my file.ts:12'`), in
 * PATH_LINE's groups (1 the quote; CJK corner brackets and typographic quotes are quotes too: `「src/my file.ts:12」`,
 * `“src/my file.ts:12”`). A quoted sentence that ends in a path reads as one too (`"see src/a.ts:12"`): one with a
 * space before its first `/` or `\` is left to PATH_LINE (spacedOnlyInName).
 */
const QUOTED_PATH_LINE = new RegExp(String.raw`(["'「『“‘«‹])(${pathPattern(NAME_CHAR, true)})${LINE}(?=["'」』”’»›])`, 'gu');
/** The quote that closes each QUOTED_PATH_LINE opens. */
const CLOSING: Record<string, string> = { '"': '"', "'": "'", '「': '」', '『': '』', '“': '”', '‘': '’', '«': '»', '‹': '›' };
/**
 * The whole text of an inline code span as a path with spaces in its names (`` `src/my file.ts:12` ``); before its
 * first `/` or `\` only in a name's words that start with no small letter (namedSpaces: `My Project/a.ts:3`).
 */
const CODE_PATH_LINE = new RegExp(String.raw`^()(${pathPattern(NAME_CHAR, true)})${LINE}$`, 'u');

/** Whether a quoted path's spaces are all after its first folder's name: `My Project/a.ts` is no quoted path. */
function spacedOnlyInName(path: string): boolean {
  const sep = path.search(/[\\/]/);
  return !(sep === -1 ? path : path.slice(0, sep)).includes(' ');
}

/**
 * Whether the spaces before a path's first `/` or `\` (or in its file's name, where it has no folder) are a name's:
 * none of its words starts with a small letter (`My Project`, `Visual Studio 2022`, `新しい フォルダー`), as a folder's
 * name is written; `see src/a.ts:3` or `run a.ts:3` in a code span is a sentence that ends in a path.
 */
function namedSpaces(path: string): boolean {
  const sep = path.search(/[\\/]/);
  const name = sep === -1 ? path : path.slice(0, sep);
  return !name.includes(' ') || !/(?:^| )\p{Ll}/u.test(name);
}

/**
 * A frame of a Python traceback, `File "/home/me/app/x.py", line 12, in run`: group 2 the link's text, 3 the path
 * (not `<stdin>` or `<frozen ...>`: no file), 4 the line. CJK text and punctuation bound it as spaces do
 * (`エラー：File "x.py", line 3で`).
 */
const PY_FRAME = new RegExp(String.raw`(^|\s|${CJK}|${CJK_PUNCT})(File "([^"<\n][^"\n]{0,499})", line ([1-9]\d{0,6}))(?=$|[\s,]|${CJK}|${CJK_PUNCT})`, 'gu');

/**
 * Endings of host names that no source file has: `db.internal.net:5432` or `example.com:443` is a host and a
 * port, not a file and a line (a path with a folder in it is a path whatever it ends with).
 */
const HOST_END = /\.(?:com|net|org|io|dev|local|localhost|internal|intranet|lan|home|corp|edu|gov|mil|int|cloud|site|online|xyz|info|biz|co|uk|de|fr|nl|eu|us|ca|au|jp|cn|ru|ch|se|no|fi|dk|at|be|it|es|pl|cz)$/i;

/** A path:line mention in a text: where it is (`at`), its text as shown, and the place it opens. */
export interface PathMention {
  at: number;
  text: string;
  path: string;
  line: string;
  column?: string;
  endLine?: string;
}

/**
 * The path:line mentions of `s` (the forms of PATH_LINE, with spaces in quotes or as an inline code span's whole
 * text, `wholeCode`, and PY_FRAME's), in the order of the text, none inside another.
 */
export function pathMentionsIn(s: string, wholeCode: boolean): PathMention[] {
  // (`cut`: what of the path's start is text before it, textBefore's)
  const link = (m: RegExpMatchArray, cut = 0): PathMention[] => {
    const [path = '', line = '', column, endLine] = [m[2]?.slice(cut), m[3] ?? m[6] ?? m[8] ?? m[10], m[4] ?? m[7], m[5] ?? m[9]];
    if (!/[\\/]/.test(path) && HOST_END.test(path)) return [];
    return [mention(m, path, line, column, endLine, cut)];
  };
  const pieces = [
    ...(wholeCode ? [s.match(CODE_PATH_LINE)].flatMap((m) => (m && namedSpaces(m[2] ?? '') ? link(m) : [])) : []),
    ...[...s.matchAll(QUOTED_PATH_LINE)].flatMap((m) => (spacedOnlyInName(m[2] ?? '') && s[(m.index ?? 0) + m[0].length] === CLOSING[m[1] ?? ''] ? link(m) : [])),
    ...[...s.matchAll(PATH_LINE)].flatMap((m) => link(m, textBefore(m[2] ?? ''))),
    ...[...s.matchAll(GLUED_PATH_LINE)].flatMap((m) => link(m)),
  ];
  for (const m of s.matchAll(PY_FRAME)) pieces.push(mention(m, m[3] ?? '', m[4] ?? ''));
  // (in the order of the text, none inside another: a traceback's path that reads as `a.py:3` too is one link, a
  // quoted path with a space one link, not its last name's)
  pieces.sort((a, b) => a.at - b.at);
  const kept: PathMention[] = [];
  let end = 0;
  for (const p of pieces) {
    if (p.at < end) continue;
    kept.push(p);
    end = p.at + p.text.length;
  }
  return kept;
}

/**
 * The mention of match `m` (its group 1 and `cut` more characters what comes before the mention, the rest the
 * mention's text).
 */
function mention(m: RegExpMatchArray, path: string, line: string, column?: string, endLine?: string, cut = 0): PathMention {
  const before = (m[1] ?? '').length + cut;
  return { at: (m.index ?? 0) + before, text: m[0].slice(before), path, line, ...(column !== undefined && { column }), ...(endLine !== undefined && { endLine }) };
}
