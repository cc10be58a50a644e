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
/** What may follow a path:line. */
const PATH_END = String.raw`(?=$|[\s)\]}"'\x60>,;.!?:]|${CJK}|${CJK_PUNCT})`;
/**
 * `src/app.ts:42`, `./lib/x.py:3:7` or `a.ts:12-20` (a file name with an extension, then :line from 1, then
 * optionally :column or -last line: a hyphen or an en dash); as compilers write it, `src/x.ts(12,5)` or `x.ts(12)`
 * (tsc, MSBuild, C#); as GitHub does, `src/a.ts#L12` or `src/a.ts#L12-L20`; as a .NET stack trace does,
 * `C:\src\Foo.cs:line 42`. Folders may be parted by `\` and start with a drive (`C:\`), as on Windows; a name may
 * start with a dot (`.github/workflows/ci.yml:12`), have letters of any script (`src/écran.ts:3`), `$`, and a part
 * in brackets (`app/blog/[slug]/page.tsx:3`, `pages/[...id].tsx:3`); a folder's in parentheses too
 * (`app/(marketing)/page.tsx:3`; a file's would read as a compiler's line). CJK punctuation bounds it as ASCII's does
 * (`「src/a.ts:12」`), and CJK text after it too (`a.ts:12を`); CJK text glued before it is GLUED_PATH_LINE's. Groups:
 * 3-5 line, column, last line of the first form, 6-7 line and column of the second, 8-9 line and last line of the
 * third, 10 the line of the fourth.
 */
const PATH_LINE = new RegExp(String.raw`(^|[\s([{"'\x60<,;]|${CJK_PUNCT})(${pathPattern(NAME_CHAR)})${LINE}${PATH_END}`, 'gu');
/**
 * A path glued after a CJK letter (`見てsrc/a.ts:12`), in PATH_LINE's groups (1 empty): from a letter or digit, with
 * no CJK letter in it, so that no place is in two of its scans (`漢a/漢a/...` would start one at every `a`, each to
 * the text's end); not after a name in a path (`資料/x.ts`, `src/資料x/a.ts`). The same text from its start
 * (`見てsrc/...`) is no PATH_LINE's: gluedToText.
 */
const GLUED_PATH_LINE = new RegExp(String.raw`((?<=${CJK})(?<![\\/]${CJK}+)(?=[\p{L}\p{N}]))(${pathPattern(String.raw`(?:(?!${CJK})${NAME_CHAR})`)})${LINE}${PATH_END}`, 'gu');
/** A CJK letter, then one of another script: where CJK text ends and a name glued to it begins. */
const CJK_THEN_OTHER = new RegExp(String.raw`${CJK}(?!${CJK})\p{L}`, 'u');

/**
 * Whether a path's first name starts with CJK text glued to it (`見てsrc/a.ts`, read as `見て` and `src/a.ts`), not
 * a name in those scripts (`資料/メモ.md`, `資料2/a.ts`).
 */
function gluedToText(path: string): boolean {
  return CJK_THEN_OTHER.test(path.split(/[\\/]/, 1)[0] ?? '');
}
/**
 * A path with spaces in its names, between quotes (`"C:\Users\me\My Project\a.ts:3"`, `'src/my file.ts:12'`), in
 * PATH_LINE's groups (1 the quote). A quoted sentence that ends in a path reads as one too (`"see src/a.ts:12"`): one
 * with a space before its first `/` or `\` is left to PATH_LINE (spacedOnlyInName).
 */
const QUOTED_PATH_LINE = new RegExp(String.raw`(["'])(${pathPattern(NAME_CHAR, true)})${LINE}(?=\1)`, 'gu');
/** The whole text of an inline code span as a path with spaces in its names (`` `src/my file.ts:12` ``). */
const CODE_PATH_LINE = new RegExp(String.raw`^()(${pathPattern(NAME_CHAR, true)})${LINE}$`, 'u');

/** Whether a quoted path's spaces are all after its first folder's name: `My Project/a.ts` is no quoted path. */
function spacedOnlyInName(path: string): boolean {
  const sep = path.search(/[\\/]/);
  return !(sep === -1 ? path : path.slice(0, sep)).includes(' ');
}

/**
 * A frame of a Python traceback, `File "/home/me/app/x.py", line 12, in run`: group 2 the link's text, 3 the path
 * (not `<stdin>` or `<frozen ...>`: no file), 4 the line.
 */
const PY_FRAME = /(^|\s)(File "([^"<\n][^"\n]{0,499})", line ([1-9]\d{0,6}))(?=$|[\s,])/g;

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
  const link = (m: RegExpMatchArray): PathMention[] => {
    const [path = '', line = '', column, endLine] = [m[2], m[3] ?? m[6] ?? m[8] ?? m[10], m[4] ?? m[7], m[5] ?? m[9]];
    if (!/[\\/]/.test(path) && HOST_END.test(path)) return [];
    return [mention(m, path, line, column, endLine)];
  };
  const pieces = [
    ...(wholeCode ? [s.match(CODE_PATH_LINE)].flatMap((m) => (m ? link(m) : [])) : []),
    ...[...s.matchAll(QUOTED_PATH_LINE)].flatMap((m) => (spacedOnlyInName(m[2] ?? '') ? link(m) : [])),
    ...[...s.matchAll(PATH_LINE)].flatMap((m) => (gluedToText(m[2] ?? '') ? [] : link(m))),
    ...[...s.matchAll(GLUED_PATH_LINE)].flatMap(link),
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

/** The mention of match `m` (its group 1 what comes before the mention, the rest the mention's text). */
function mention(m: RegExpMatchArray, path: string, line: string, column?: string, endLine?: string): PathMention {
  const before = (m[1] ?? '').length;
  return { at: (m.index ?? 0) + before, text: m[0].slice(before), path, line, ...(column !== undefined && { column }), ...(endLine !== undefined && { endLine }) };
}
