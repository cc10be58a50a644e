// Nicknames and room names: what is valid, how they compare, and how to turn a free-form name into a valid one.

export const MAX_NICK = 32;
export const MAX_ROOM = 32;
/**
 * The longest `xn--` form of a room's name (asciiRoom.ts) taken back for its room: the Punycode of a name of MAX_ROOM
 * letters of another alphabet is longer than MAX_ROOM (five characters a letter and more).
 */
const MAX_ASCII_ROOM = 8 * MAX_ROOM;

// Letters, marks, digits and a few punctuation marks IRC users expect. No spaces, no control, format
// (bidi, zero-width) or separator characters, nothing that reads as protocol (`:`, `@`, `#`, `,`, `!`, `/`).
const NICK_RE = /^[\p{L}\p{N}_\-[\]{}|^`.][\p{L}\p{M}\p{N}_\-[\]{}|^`.]*$/u;
const ROOM_RE = /^[\p{L}\p{N}_][\p{L}\p{M}\p{N}_\-.]*$/u;

/** What starts the name a plain client that reads ASCII only is shown for a nickname of another alphabet (asciiNick.ts). */
export const PUNYCODE_PREFIX = 'xn--';

/** Whether `name` reads as such a name: no nickname may (nickError), so none passes for another's. */
export function isPunycodeForm(name: string): boolean {
  return nickKey(name).startsWith(PUNYCODE_PREFIX);
}

/** The reason `nick` is not a valid nickname, or null when it is. */
export function nickError(nick: string, max = MAX_NICK): string | null {
  if (nick.length === 0) return 'a nickname needs at least 1 character';
  if ([...nick].length > max) return `a nickname has at most ${max} characters`;
  if (/\s/u.test(nick)) return 'a nickname cannot contain spaces';
  // Default_Ignorable: what renders as nothing (combining grapheme joiner, variation selectors, Hangul fillers...)
  if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u.test(nick)) return 'a nickname cannot contain control or invisible characters';
  if (!NICK_RE.test(nick)) return 'a nickname may use letters, digits and _ - . [ ] { } | ^ ` (no : @ # , ! / or quotes)';
  // a terminal or netcat shows a direct message as `[DM] alice: ...`: `[DM]alice: ...` would pass for one
  if (nick.startsWith('[')) return 'a nickname cannot start with [ (a terminal shows [DM] there)';
  const key = nickKey(nick);
  // and the nicknames of other alphabets as xn--... to a plain client that reads ASCII only (asciiNick.ts)
  // (folded as uniqueness folds: a fullwidth ｘn-- or an ẋn-- would be xn-- to that reader)
  if (key.startsWith(PUNYCODE_PREFIX)) return 'a nickname cannot start with xn-- (clients that read ASCII only see other alphabets\' names so)';
  // and the server's errors as `error: ...`: a member called error would say what the server says
  if (key === 'error') return `the nickname error is reserved${nick.toLowerCase() === 'error' ? '' : ` (${nick} reads as error)`}: a terminal shows the server's errors as error: ...`;
  if (nick.normalize('NFC') !== nick) return 'a nickname must be in Unicode normal form (NFC)';
  // a stack of marks drawn on a letter draws over the lines around it; 3, not 2: Tibetan stacks letters (སྒྲོ in
  // སྒྲོལམ). Spacing marks (Mc) are as wide as a letter and stack nothing: Burmese ကျော် has 4 marks, one drawn on it
  if (/[\p{Mn}\p{Me}]{4}/u.test(nick)) return 'a nickname has at most 3 marks on a letter';
  if (/\p{Script=Latin}/u.test(nick) && OTHER_THAN_LATIN_OR_CJK.test(nick)) {
    return 'a nickname cannot mix Latin letters with letters or marks of another script (many look alike)';
  }
  return null;
}

/**
 * A letter or mark of a script other than Latin and the ones Latin is written beside in Chinese, Japanese and
 * Korean (Unicode's "highly restrictive" mixes, UTS #39): Latin with any of these is refused. Letters and marks
 * of no script of their own (Common, Inherited: the katakana length mark ー, the modifier letters ʻ ʼ of
 * Hawaiʻi, accents) count for none, and a letter counts for every script it is written in (Script_Extensions).
 * A mark of a script (a Hebrew point, a Devanagari nukta) on a Latin letter is a dot under bob's name.
 */
const OTHER_THAN_LATIN_OR_CJK = /(?![\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}\p{Script_Extensions=Han}\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}\p{Script_Extensions=Hangul}\p{Script_Extensions=Bopomofo}])[\p{L}\p{M}]/u;

/** A table of look-alike letters written as `Ꭰd Ꭱr`: each letter, then the Latin letter it reads as (smaller in the bundles than an object literal). */
function pairs(...rows: string[]): Record<string, string> {
  return Object.fromEntries(rows.join(' ').split(' ').map((p) => [...p] as [string, string]));
}

/**
 * Letters that look like a Latin capital, as that Latin letter (lower case): the Cherokee and Lisu ones (UTS #39
 * confusables; ꓐꓳꓐ passes for BOB). Cherokee has case: nickKey lowers it before it reads LOOKALIKE.
 */
const CAPITAL_LOOKALIKE = pairs(
  'Ꭰd Ꭱr Ꭲt Ꭵi Ꭹy Ꭺa Ꭻj Ꭼe Ꮁr Ꮃw Ꮇm Ꮋh Ꮍy Ꮐg Ꮒh Ꮓz Ꮟb Ꮢr Ꮤw Ꮥs Ꮩv Ꮪs Ꮮl Ꮯc Ꮲp Ꮶk Ꮷd Ᏻg Ᏼb',
  'ꓐb ꓑp ꓒd ꓓd ꓔt ꓖg ꓗk ꓙj ꓚc ꓜz ꓝf ꓟm ꓠn ꓡl ꓢs ꓣr ꓦv ꓧh ꓪw ꓫx ꓬy ꓮa ꓰe ꓲl ꓳo ꓴu',
);

/**
 * Letters that look like a Latin one (lower case), as that letter: Cyrillic, Greek and Armenian ones, and
 * Latin letters that look like another (dotless ı, script ɑ and ɡ, the click ǀ, small capitals).
 */
const LOOKALIKE: Record<string, string> = {
  ...Object.fromEntries(Object.entries(CAPITAL_LOOKALIKE).map(([c, latin]) => [c.toLowerCase(), latin])),
  ...pairs(
    'аa вb еe ёe кk мm нh оo рp сc тt уy хx іi їi јj ѕs ԁd һh ӏl ԛq ԝw ьb үy ѵv',
    // (μ and ζ for their capitals Μ and Ζ, which look Latin where they do not: Μικε was a second Mike)
    'αa βb εe ζz ηn ιi κk μm νv οo ρp τt υu χx ϲc ϳj',
    'օo սu ցg հh ոn զq լl',
    'ıi ȷj ɑa ɡg ɩi ʋv ǀl ɪi ʟl',
    'ᴀa ʙb ᴄc ᴅd ᴇe ɢg ʜh ᴊj ᴋk ᴍm ɴn ᴏo ᴘp ʀr ꜱs ᴛt ᴜu ᴠv ᴡw ʏy ᴢz',
  ),
};
/**
 * Latin letters no accent makes (they decompose to nothing), as a plain client in ASCII reads them (toAscii):
 * bøb, ałice and đave read bob, alice and dave there.
 */
Object.assign(LOOKALIKE, pairs('øo łl đd ðd'), { 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'þ': 'th' });
const LOOKALIKE_RE = new RegExp(`[${Object.keys(LOOKALIKE).join('')}]`, 'gu');

/** A decimal digit of another script (not ASCII's, which the key reads as they are). */
const OTHER_DIGIT = /(?![0-9])\p{Nd}/gu;
const DIGIT = /\p{Nd}/u;

/**
 * A decimal digit of any script as its ASCII digit: Unicode puts each script's ten digits in a row, 0 first (rows
 * that follow each other, as mathematical digits do, are ten apart).
 */
function asciiDigit(d: string): string {
  const c = d.codePointAt(0)!;
  let zero = c;
  while (DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
  return String((c - zero) % 10);
}

/**
 * Marks the key drops: the ones of no script of their own (Inherited: accents, overlays, Arabic harakat; alicé =
 * alice, as a plain client in ASCII reads both; bob with U+1DCA is bob), Hebrew and Arabic points (names are written
 * with or without them: דָּוִד = דוד), Cyrillic ones (Church Slavonic only) and enclosing marks. Not a script's vowel
 * signs or other marks, which make another name (ปู is not ปี, सुमन not समन), nor kana's voicing marks (ご is not こ).
 */
const FOLDED_MARK = /(?![\u3099\u309a])(?:\p{Me}|(?=\p{Mn})[\p{Script=Inherited}\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Cyrillic}])/gu;

/**
 * Greek, Cyrillic and Armenian capitals that look like a Latin capital, as that Latin letter (lower case; UTS #39
 * confusables): ΝΙΚΟ is NIKO, as Νικο is Niko. nickKey lowers before it reads look-alikes, and the small letters
 * of some read as another Latin letter (ν v, η n, υ u) or as none: nickKeys reads these as they look.
 */
const CASED_CAPITAL_LOOKALIKE = pairs(
  'Αa Βb Εe Ζz Ηh Ιi Κk Μm Νn Οo Ρp Τt Υy Χx Ϲc Ϳj Ϻm Ϝf',
  'Аa Вb Еe Кk Мm Нh Оo Рp Сc Тt Уy Хx Ѕs Іi Јj Ӏl Ьb Ѵv Үy Ԍg Ԛq Ԝw',
  'Սu Տs Օo Լl',
);
const CAPITAL: Record<string, string> = { ...CAPITAL_LOOKALIKE, ...CASED_CAPITAL_LOOKALIKE };
const CAPITAL_RE = new RegExp(`[${Object.keys(CAPITAL).join('')}]`, 'gu');

/** `nick` with compatibility forms folded, digits as ASCII's and the marks the keys drop dropped (FOLDED_MARK). */
function folded(nick: string): string {
  return nick
    .normalize('NFKD')
    // a١ice (an Arabic-Indic one) and b०b (a Devanagari zero) are a1ice and b0b: alice and bob
    .replace(OTHER_DIGIT, asciiDigit)
    .replace(FOLDED_MARK, '')
    .normalize('NFC');
}

/** A folded name in lower case with what looks like a Latin letter, digit or pair read as that (a key). */
function readAsLatin(lower: string): string {
  return lower
    .replace(LOOKALIKE_RE, (c) => LOOKALIKE[c] ?? c)
    // capital I looks like l (aIice) and is i in any case: i and l are one letter here (bill = biii), and so are
    // the digit 1 and the bar | (a1ice, a|ice), as 0 and o are (b0b); m reads as rn, w as vv (UTS #39
    // confusables; that way round, not rn as m: vvv, vw and wv are one name, whichever pair is taken first)
    .replace(/[i1|]/g, 'l')
    .replace(/0/g, 'o')
    .replace(/m/g, 'rn')
    .replace(/w/g, 'vv');
}

/** Capitals that look like a Latin one read as that letter (lower case), the rest as they are. */
function capitalsAsLatin(name: string): string {
  return name.replace(CAPITAL_RE, (c) => CAPITAL[c] ?? c);
}

/**
 * The key a nickname is known by: case-insensitive, with compatibility forms folded (ｂｏｂ = bob), accents
 * and points dropped (FOLDED_MARK; a mark of another script on a Latin letter is refused: nickError), and letters
 * that look Latin read as those (аlice in Cyrillic = alice, alıce = alice, bøb = bob: LOOKALIKE; ΜΙΚΕ and Μικε in
 * Greek = MIKE; aIice, a1ice, a١ice = alice; b0b = bob; rnary = mary). It lowers first, and reads small letters:
 * a name is unique under all of nickKeys, of which this is the first. Saved bans, seats' former names and history
 * hold this key: what it folds may grow (a file's key is folded again), never change.
 */
export function nickKey(nick: string): string {
  return readAsLatin(folded(nick).toLowerCase());
}

/**
 * Every key a nickname is read under: as nickKey reads it (in small letters), as it is written (each capital by
 * its own look: Ηαηκ is Hank), and in capitals (ΝΙΚΟ, and νικο in capitals, is NIKO). Two nicknames are one, the
 * second taken or banned by the first, when they share a key: a name that looks like another in either case. For
 * a Latin name all three are nickKey's.
 */
export function nickKeys(nick: string): string[] {
  const f = folded(nick);
  return [...new Set([readAsLatin(f.toLowerCase()), readAsLatin(capitalsAsLatin(f).toLowerCase()), readAsLatin(capitalsAsLatin(f.toUpperCase()).toLowerCase())])];
}

/** Turns a free-form name (a Git user.name, an OS user, what a plain client typed) into a valid nickname. */
export function toValidNick(name: string, max = MAX_NICK, fallback = 'guest'): string {
  // what no nickname has goes first, then the spaces between words become one `_` (the other way round, an emoji
  // between two words left `René__Dupont`, one at the end `Zoë_`); a tag in brackets first loses its brackets
  // (`[bot] Ann`: `bot_Ann`, not `bot]_Ann`)
  let n = name
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}_\-[\]{}|^`.\s]/gu, '')
    .trim()
    .replace(/^\[([^\]]*)\]/u, '$1')
    .trim()
    .replace(/\s+/gu, '_')
    .replace(/^[\p{M}[]+/u, ''); // what cannot start a nickname: a mark, [ (nickError)
  n = [...n].slice(0, max).join('');
  if (n.length > 0 && nickError(n, max) === null) return n;
  // a name in two scripts (Ivan Иванов): its first word
  const first = n.split('_')[0] ?? '';
  return first.length > 0 && nickError(first, max) === null ? first : fallback;
}

/** Normalises a room name (`#Dev` -> `dev`); returns null when it is not a valid room name. */
export function normalizeRoom(name: string): string | null {
  // (compatibility forms folded: ｄｅｖ is dev, not a second room that reads the same)
  const r = name.trim().replace(/^#/, '').normalize('NFKC').toLowerCase();
  if (r.length === 0 || [...r].length > (r.startsWith(PUNYCODE_PREFIX) ? MAX_ASCII_ROOM : MAX_ROOM) || !ROOM_RE.test(r)) return null;
  // what a nickname may not have, a room's name may not either: marks that render as nothing (general + U+034F
  // was a second #general), a stack of marks drawn over the lines around it, Latin mixed with look-alikes of
  // another script (gеneral with a Cyrillic е)
  if (/\p{Default_Ignorable_Code_Point}/u.test(r) || /[\p{Mn}\p{Me}]{4}/u.test(r)) return null;
  if (/\p{Script=Latin}/u.test(r) && OTHER_THAN_LATIN_OR_CJK.test(r)) return null;
  return r;
}

/**
 * How a room's name (as normalizeRoom makes it: in small letters) reads, as nickKey reads a nickname: two names that
 * read the same look like one room (`сосо` in Cyrillic and `coco`, `рор` and `pop`, `genera1` and `general`, `café`
 * and `cafe`), and a server keeps one room of them. Names of a script of their own that look like no Latin name
 * (`開発`, `разработка`) read as no Latin one.
 */
export function roomReading(room: string): string {
  return nickKey(room);
}

/** The scripts whose letters look Latin (nickKey's look-alikes come from them), as a note names them. */
const LOOKALIKE_SCRIPTS: readonly [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
];

/**
 * What tells `name` from `other`, a name that reads (and may look) the same, when their letters are of different
 * scripts: ` (Cyrillic letters)` for `сосо` beside `coco` ("#сосо reads as #coco" read as "#coco reads as #coco");
 * '' when they are of the same ones (`genera1` beside `general` shows its difference).
 */
export function lettersNote(name: string, other: string): string {
  const scripts = (s: string) => LOOKALIKE_SCRIPTS.filter(([, re]) => re.test(s)).map(([n]) => n);
  const mine = scripts(name);
  return mine.length === 0 || mine.join() === scripts(other).join() ? '' : ` (${mine.join(' and ')} letters)`;
}

/** A nickname not taken yet (none of its keys, nickKeys): `nick_2`, `nick_3`... within the length cap. */
export function suggestNick(nick: string, taken: (key: string) => boolean, max = MAX_NICK): string {
  for (let i = 2; i < 10_000; i++) {
    const suffix = `_${i}`;
    const candidate = [...nick].slice(0, max - suffix.length).join('') + suffix;
    if (!nickKeys(candidate).some(taken)) return candidate;
  }
  return `guest_${Date.now() % 1_000_000}`;
}
