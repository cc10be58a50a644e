// Nicknames nobody can mistake for someone else's: no invisible characters, no mixed scripts, and a uniqueness
// key that folds what looks the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lettersNote, nickError, nickKey, nickKeys, normalizeRoom, roomReading, suggestNick, toValidNick } from '../../src/protocol/names';

test('characters that render as nothing are refused, wherever they are', () => {
  for (const invisible of ['\u034f', '\ufe0f', '\ufe00', '\u180b', '\u17b4', '\u{e0100}', '\u200b', '\u2060', '\u00ad']) {
    assert.match(nickError(`alice${invisible}`) ?? '', /control or invisible/, `U+${invisible.codePointAt(0)!.toString(16)}`);
  }
  assert.match(nickError('\u3164') ?? '', /control or invisible/, 'a Hangul filler alone');
  assert.equal(nickError('José'), null);
  assert.equal(nickError('정우'), null, 'Hangul syllables are letters');
  assert.equal(nickError('राम'), null, 'marks that are part of a script');
});

test('Latin mixed with another script (Cyrillic, Greek, Armenian...) is refused, but for Chinese, Japanese and Korean; one script is fine', () => {
  assert.match(nickError('\u0430lice') ?? '', /cannot mix Latin letters with letters or marks of another script/);
  assert.match(nickError('b\u03bfb') ?? '', /cannot mix/);
  assert.match(nickError('b\u0585b') ?? '', /cannot mix/, 'Armenian o');
  assert.match(nickError('\u13aalice') ?? '', /cannot mix/, 'Cherokee A');
  for (const n of ['田中taro', '김dev', 'やまだ_k', 'ㄅdev', 'スーパーdev', 'ﾀﾛｰtaro', 'Hawaiʻi', 'Mikaʼel', 'Işık', 'Nguyễn', 'Straße']) assert.equal(nickError(n), null, n);
  assert.equal(nickError('Иван'), null);
  assert.equal(nickError('Σοφία'), null);
  assert.equal(toValidNick('Ivan Иванов'), 'Ivan', 'a Git name in two scripts: its first word');
  assert.equal(toValidNick('Иван Иванов'), 'Иван_Иванов');
});

test("a Git name with emoji or punctuation between its words makes one `_` between them, none at its ends", () => {
  assert.equal(toValidNick('Zoë 🎉'), 'Zoë');
  assert.equal(toValidNick('René 👩‍💻 Dupont'), 'René_Dupont');
  assert.equal(toValidNick('🚀 Ann Lee !'), 'Ann_Lee');
  assert.equal(toValidNick("O'Brien"), 'OBrien');
  assert.equal(toValidNick('😀'), 'guest', 'nothing left: the fallback');
  assert.equal(toValidNick('ann_'), 'ann_', 'a `_` typed is kept');
});

test('the uniqueness key folds case, compatibility forms, accents and Latin look-alikes', () => {
  assert.equal(nickKey('Alice'), nickKey('alice'));
  assert.equal(nickKey('ａｌｉｃｅ'), nickKey('alice'));
  assert.equal(nickKey('alicé'), nickKey('alice'), 'plain clients in ASCII read both as alice');
  assert.equal(nickKey('\u0430\u0441\u0435'), nickKey('ace'), 'all-Cyrillic look-alikes');
  // Latin letters that look like other Latin ones: dotless i, script a, the click that looks like l, small capitals
  for (const n of ['al\u0131ce', '\u0251lice', 'a\u01c0ice', 'b\u1d0fb', '\u1d00\u029f\u026a\u1d04\u1d07']) {
    assert.equal(nickKey(n), nickKey(n.includes('b') ? 'bob' : 'alice'), `${n} is taken by a look-alike`);
  }
  assert.equal(nickKey('\u0585\u057d'), nickKey('ou'), 'all-Armenian look-alikes');
  assert.equal(nickKey('\u03bf\u03c1'), nickKey('op'), 'Greek ones');
  // Latin letters no accent makes, as a plain client in ASCII reads them (bøb read "bob" there)
  for (const [n, like] of [['bøb', 'bob'], ['BØB', 'bob'], ['ałice', 'alice'], ['đave', 'dave'], ['Straße', 'strasse'], ['mæx', 'maex'], ['cœur', 'coeur'], ['þor', 'thor'], ['eðda', 'edda']]) {
    assert.equal(nickKey(n), nickKey(like), `${n} is taken by ${like}`);
  }
  assert.notEqual(nickKey('Иван'), nickKey('Ivan'));
  assert.notEqual(nickKey('राम'), nickKey('रम'), 'marks of other scripts still count');
});

test('the uniqueness key reads digits, bars and letter pairs that look like letters as those letters', () => {
  for (const [n, like] of [['a1ice', 'alice'], ['A|ICE', 'alice'], ['b0b', 'bob'], ['B0B', 'bob'], ['rnary', 'mary'], ['vvill', 'will'], ['err0r', 'error']]) {
    assert.equal(nickKey(n), nickKey(like), `${n} is taken by ${like}`);
  }
  for (const [a, b] of [['vvv', 'vw'], ['vw', 'wv'], ['rnrn', 'mm'], ['rnm', 'mrn']]) assert.equal(nickKey(a), nickKey(b), `${a} is ${b}, whichever pair is read first`);
  for (const [a, b] of [['bob2', 'bob'], ['r2d2', 'rd'], ['anna', 'ama'], ['user7', 'userl'], ['v', 'w'], ['rn', 'rm']]) assert.notEqual(nickKey(a), nickKey(b), `${a} is not ${b}`);
  for (const n of ['Mary', 'rnary', 'wvvw', 'b0b', 'A|ICE']) assert.equal(nickKey(nickKey(n)), nickKey(n), `a key is its own key (${n}): a ban saved as a key is read back as one`);
  assert.match(nickError('err0r') ?? '', /^the nickname error is reserved \(err0r reads as error\): a terminal/, 'the reserved name is reserved in its look-alikes too, and says what it read');
  // digits of other scripts, as the digit they are (a١ice: an Arabic-Indic one; b०b: a Devanagari zero)
  for (const [n, like] of [['a\u0661ice', 'alice'], ['b\u0966b', 'bob'], ['\u0663\u06f4\u0e55', '345'], ['r2d\u09e8', 'r2d2'], ['x\u{1d7d9}', 'x1']]) {
    assert.equal(nickKey(n), nickKey(like), `${n} is taken by ${like}`);
  }
  assert.notEqual(nickKey('user\u0667'), nickKey('user8'), 'a 7 is a 7');
});

test('a nickname cannot start with [: a terminal shows a direct message as "[DM] alice: ...", and "[DM]alice" would pass for one', () => {
  for (const n of ['[DM]alice', '[DM', '[', '[bot]']) assert.match(nickError(n) ?? '', /cannot start with \[/, n);
  for (const n of ['alice[DM]', 'x[y]', ']x', '{x}', '|x|']) assert.equal(nickError(n), null, n);
  // a saved or default name that starts with [ (a setting, a Git name) still makes a valid nickname
  assert.equal(toValidNick('[DM]alice'), 'DMalice', 'a tag in brackets first loses both');
  assert.equal(toValidNick('[bot] Grace Hopper'), 'bot_Grace_Hopper');
  assert.equal(toValidNick('[[\u0301x'), 'x');
  assert.equal(toValidNick('['), 'guest');
});

test('a mark on a letter cannot make a second bob: a mark of another script on Latin is refused, a mark of no script is dropped from the key, in every script', () => {
  // a Hebrew point, a Devanagari nukta, a Tibetan mark, a Cyrillic sign, a Thai vowel, an Arabic sign on bob
  for (const m of ['\u05b4', '\u093c', '\u0f35', '\u0489', '\u0e31', '\u0610']) {
    assert.match(nickError(`bob${m}`) ?? '', /cannot mix Latin letters with letters or marks of another script/, `U+${m.codePointAt(0)!.toString(16)}`);
  }
  // marks of no script (Inherited: the extended accent blocks, overlays, half marks, an ideographic tone mark)
  for (const m of ['\u302a', '\u1dca', '\u20d2', '\ufe20', '\u1ab2', '\u064e']) assert.equal(nickKey(`bob${m}`), nickKey('bob'), `U+${m.codePointAt(0)!.toString(16)}`);
  // within one script, Hebrew and Arabic points are dropped (names are written with or without them)
  assert.equal(nickKey('\u05d3\u05bc\u05b8\u05d5\u05b4\u05d3'), nickKey('\u05d3\u05d5\u05d3'), 'Hebrew points');
  assert.equal(nickKey('\u0645\u064f\u062d\u064e\u0645\u0651\u064e\u062f'), nickKey('\u0645\u062d\u0645\u062f'), 'Arabic harakat (مُحَمَّد)');
  assert.equal(nickKey('\u0418\u0432\u0430\u043d\u0489'), nickKey('\u0418\u0432\u0430\u043d'), 'a Cyrillic enclosing sign');
  // names that need their marks stay valid
  for (const n of ['अनुज', 'राम', 'Nguyễn', 'สมศักดิ์', 'ณัฐวุฒิ', 'སྒྲོལམ', 'مُحَمَّد', 'ज़ैद', 'தமிழ்']) assert.equal(nickError(n), null, n);
});

test("a script's vowel signs and other marks make another name: only accents and points are dropped from the key", () => {
  // Thai and Devanagari vowel signs are nonspacing marks, as are kana's voicing marks
  for (const [a, b] of [['\u0e1b\u0e39', '\u0e1b\u0e35'], ['\u0e14\u0e35', '\u0e14\u0e39'], ['\u0938\u0941\u092e\u0928', '\u0938\u092e\u0928'], ['\u0917\u0941\u092a\u094d\u0924\u093e', '\u0917\u092a\u0924\u093e'], ['\u3054\u3046', '\u3053\u3046']]) {
    assert.notEqual(nickKey(a), nickKey(b), `${a} / ${b}`);
  }
  assert.equal(nickKey('\uff7a\uff9e\uff73'), nickKey('\u30b4\u30a6'), 'half-width ｺﾞｳ is ゴウ');
  // accents still fold, in Latin, Greek and Cyrillic
  for (const [a, b] of [['alicé', 'alice'], ['Nguyễn', 'nguyen'], ['José', 'jose'], ['Ζωή', 'ζωη'], ['Андрей', 'андреи']]) assert.equal(nickKey(a), nickKey(b), a);
});

test('a letter carries at most 3 marks: a stack draws over the lines around it', () => {
  for (const n of ['q\u0301\u0302\u0303\u0304', '\u0e2a\u0e49\u0e49\u0e49\u0e49', 'a\u0489\u0489\u0489\u0489\u0489']) assert.match(nickError(n) ?? '', /at most 3 marks on a letter/, n);
  assert.equal(nickError('\u0f66\u0f92\u0fb2\u0f7c\u0f63\u0f58'), null, 'a Tibetan stack of 3 (སྒྲོལམ)');
  // spacing marks (Mc) take their own room: Burmese names have 4 marks after a letter, 1 to 3 of them drawn on it
  for (const n of ['\u1000\u103b\u1031\u102c\u103a', '\u1019\u103c\u102d\u102f\u1037', '\u1021\u1031\u102c\u1004\u103a']) assert.equal(nickError(n), null, n);
});

test('the key of a key is the key (a ban is saved as its key and folded again on load)', () => {
  for (const n of ['bøb', 'Straße', 'a\u0661ice', 'Alice', 'alıce', 'ｂｏｂ', 'bob\u1dca', 'अनुज', 'Nguyễn', 'İsmail', 'སྒྲོལམ', 'がな', 'aIice', 'ᎪᏞᎥᏟᎬ', 'ꓐꓳꓐ', 'ปู', 'गुप्ता', 'ごう']) assert.equal(nickKey(nickKey(n)), nickKey(n), n);
});

test('capital I passes for l, and Cherokee and Lisu letters for Latin capitals: one key', () => {
  assert.equal(nickKey('aIice'), nickKey('alice'), 'a capital I for the l');
  assert.equal(nickKey('Ivan'), nickKey('ivan'), 'still case-insensitive');
  assert.equal(nickKey('bill'), nickKey('biii'), 'so i and l are one letter');
  assert.equal(nickError('\ua4d0\ua4f3\ua4d0'), null, 'all-Lisu is one script');
  assert.equal(nickKey('\ua4d0\ua4f3\ua4d0'), nickKey('BOB'), 'Lisu ꓐꓳꓐ');
  assert.equal(nickKey('\ua4ee\ua4e1\ua4f2\ua4da\ua4f0'), nickKey('ALICE'), 'Lisu ꓮꓡꓲꓚꓰ');
  assert.equal(nickKey('\u13aa\u13de\u13a5\u13df\u13ac'), nickKey('ALICE'), 'Cherokee ᎪᏞᎥᏟᎬ');
  assert.equal(nickKey('\uab7a\uabae\uab75\uabaf\uab7c'), nickKey('alice'), 'the same Cherokee letters in lower case');
});

test('Greek capitals that look Latin where their small letters do not (Μ, Ζ), and the look-alikes of Cyrillic\'s Ү and Ѵ and Armenian\'s Լ, read as the Latin letter in either case', () => {
  // (Μικε, all Greek, was a second Mike: μ read as nothing Latin)
  for (const [n, like] of [['\u039c\u03b9\u03ba\u03b5', 'Mike'], ['\u039c\u0399\u039a\u0395', 'MIKE'], ['\u03a4\u039f\u039c', 'TOM'], ['\u0396\u03bf\u03b5', 'Zoe'], ['\u0396\u039f\u0395', 'ZOE'], ['\u04ae\u0410\u041d', 'YAH'], ['\u04af\u0430', 'ya'], ['\u0474\u0406\u0421', 'VIC'], ['\u0475\u0456\u0441', 'vic'], ['\u053c\u0555\u054d', 'LOU'], ['\u056c\u0585\u057d', 'lou']]) {
    assert.equal(nickError(n), null, `${n}: one script`);
    assert.equal(nickKey(n), nickKey(like), `${n} is taken by ${like}`);
    assert.equal(nickKey(nickKey(n)), nickKey(n), `the key of ${n}'s key`);
  }
  // still one name whatever its case
  assert.equal(nickKey('\u039c\u0391\u03a1\u0399\u0391'), nickKey('\u03bc\u03b1\u03c1\u03b9\u03b1'), 'ΜΑΡΙΑ is μαρια');
  assert.equal(nickKey('\u0396\u03c9\u03ae'), nickKey('\u03b6\u03c9\u03b7'), 'Ζωή is ζωη');
});

/** Whether two nicknames are one (the second taken or banned by the first): they share a key. */
const sameName = (a: string, b: string) => nickKeys(a).some((k) => nickKeys(b).includes(k));

test('a name that looks like another as written or in capitals is that name: Greek ΝΙΚΟ is NIKO, though ν reads v in small letters (nickKeys)', () => {
  for (const [n, like] of [
    ['\u039d\u0399\u039a\u039f', 'NIKO'], // ΝΙΚΟ (nickKey: νικο, vlko)
    ['\u039d\u03b9\u03ba\u03bf', 'Niko'], // Νικο
    ['\u0397\u0391\u039d\u039d\u0391', 'HANNA'], // ΗΑΝΝΑ (η reads n)
    ['\u0397\u03b1\u03b7\u03ba', 'Hank'], // Ηαηκ: a capital and small letters, each by its look (η as n here)
    ['\u03a5\u0391\u039d', 'YAN'], // ΥΑΝ (υ reads u)
    ['\u039a\u03a5\u039c', 'kym'], // ΚΥΜ, whatever the Latin name's case
    ['\u0555\u054f\u054d', 'OSU'], // Armenian ՕՏՍ
  ]) {
    assert.equal(nickError(n), null, `${n}: one script`);
    assert.notEqual(nickKey(n), nickKey(like), `${n}: nickKey alone tells it from ${like}`);
    assert.equal(sameName(n, like), true, `${n} is ${like}`);
    assert.equal(sameName(like, n), true, `${like} is ${n}`);
  }
  // in either case: the small letters of a name whose capitals look Latin (νικο in capitals is ΝΙΚΟ)
  assert.equal(sameName('\u03bd\u03b9\u03ba\u03bf', 'NIKO'), true, 'νικο');
  // a suggestion is none of a taken name's look-alikes
  const taken = new Set(nickKeys('\u039d\u0399\u039a\u039f_2'));
  assert.equal(suggestNick('NIKO', (k) => taken.has(k)), 'NIKO_3', 'ΝΙΚΟ_2 takes NIKO_2');
});

test("nickKey is the first of a name's keys (saved bans and seats hold it), and a Latin name has no other", () => {
  for (const n of ['alice', 'Alice', 'ALICE', 'bøb', 'Straße', 'alıce', 'ｂｏｂ', 'Nguyễn', 'İsmail', 'aIice', 'rnary', 'Hawaiʻi', 'ᴀlice', 'ɑlice']) {
    assert.deepEqual(nickKeys(n), [nickKey(n)], n);
  }
  for (const n of ['\u039d\u0399\u039a\u039f', '\u0397\u03b1\u03b7\u03ba', '\u0396\u03c9\u03ae', '\u0418\u0432\u0430\u043d', '\u13aa\u13de\u13a5\u13df\u13ac']) assert.equal(nickKeys(n)[0], nickKey(n), n);
});

test('names of a script of their own that look like no Latin name, in small letters or capitals, stay allowed and apart from Latin ones', () => {
  // Ζωή, νίκος, Νίκος, Σοφία, やまだ, Иван: none looks Latin in either case (ω, ς, σ, φ, kana, и)
  const names = ['\u0396\u03c9\u03ae', '\u03bd\u03af\u03ba\u03bf\u03c2', '\u039d\u03af\u03ba\u03bf\u03c2', '\u03a3\u03bf\u03c6\u03af\u03b1', '\u3084\u307e\u3060', '\u0418\u0432\u0430\u043d'];
  for (const n of names) {
    assert.equal(nickError(n), null, n);
    for (const latin of ['Zoe', 'zoh', 'Zwh', 'nikos', 'vikos', 'Nikoc', 'Sofia', 'ooqia', 'yamada', 'Ivan', 'Bah', 'NBAH']) assert.equal(sameName(n, latin), false, `${n} is not ${latin}`);
  }
  assert.equal(sameName('\u0396\u03c9\u03ae', '\u0396\u03a9\u0397'), true, 'Ζωή is ΖΩΗ');
  assert.equal(sameName('\u03bd\u03af\u03ba\u03bf\u03c2', '\u0396\u03c9\u03ae'), false, 'νίκος is not Ζωή');
});

test('the nickname error is reserved: a terminal or netcat shows the server\'s errors as `error: ...`', () => {
  for (const n of ['error', 'Error', 'ERROR', 'еrror']) assert.match(nickError(n) ?? '', /the nickname error is reserved/, n);
  assert.equal(nickError('errors'), null);
  assert.equal(nickError('terror'), null);
});

test('a room name reads as one room only: no invisible marks, no stack of marks, no look-alike of another script; compatibility forms folded', () => {
  assert.equal(normalizeRoom('#General'), 'general');
  assert.equal(normalizeRoom('ｄｅｖ'), 'dev', 'fullwidth: the same room');
  assert.equal(normalizeRoom('général'), 'général', 'accents are letters');
  assert.equal(normalizeRoom('команда'), 'команда', 'another script, all of it');
  assert.equal(normalizeRoom('開発'), '開発');
  for (const twin of ['general\u034f', 'dev\ufe0f', 'g\u0435neral', `a${'\u0301'.repeat(20)}`]) assert.equal(normalizeRoom(twin), null, JSON.stringify(twin));
});

test('a room name reads as nickKey reads a nickname: an all-Cyrillic or all-Greek look-alike of a Latin name reads as it; names of a script of their own that look like no Latin name read apart', () => {
  for (const [twin, latin] of [['\u0441\u043e\u0441\u043e', 'coco'], ['\u0440\u043e\u0440', 'pop'], ['\u03bf\u03c1\u03b1', 'opa'], ['genera1', 'general'], ['caf\u00e9', 'cafe']]) {
    assert.equal(normalizeRoom(twin), twin, `${twin} is a valid name`);
    assert.equal(roomReading(twin), roomReading(latin), `${twin} reads as ${latin}`);
  }
  const own = ['\u958b\u767a', '\u0440\u0430\u0437\u0440\u0430\u0431\u043e\u0442\u043a\u0430', 'razrabotka', 'dev', '\u0434\u0435\u0432']; // 開発, разработка, дев
  assert.equal(new Set(own.map(roomReading)).size, own.length, 'each reads as itself alone');
});

test('lettersNote names the scripts of a name beside a look-alike of other letters, and nothing beside one of the same', () => {
  assert.equal(lettersNote('\u0441\u043e\u0441\u043e', 'coco'), ' (Cyrillic letters)');
  assert.equal(lettersNote('coco', '\u0441\u043e\u0441\u043e'), ' (Latin letters)');
  assert.equal(lettersNote('\u0441\u03bf\u0441\u03bf', 'coco'), ' (Cyrillic and Greek letters)');
  assert.equal(lettersNote('genera1', 'general'), '');
  assert.equal(lettersNote('123', 'l23'), '', 'no letters of those scripts: nothing to name');
});
