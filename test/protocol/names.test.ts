// Nicknames nobody can mistake for someone else's: no invisible characters, no mixed scripts, and a uniqueness
// key that folds what looks the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nickError, nickKey, toValidNick } from '../../src/protocol/names';

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
  assert.match(nickError('\u0430lice') ?? '', /cannot mix Latin letters with letters of another script/);
  assert.match(nickError('b\u03bfb') ?? '', /cannot mix/);
  assert.match(nickError('b\u0585b') ?? '', /cannot mix/, 'Armenian o');
  assert.match(nickError('\u13aalice') ?? '', /cannot mix/, 'Cherokee A');
  for (const n of ['田中taro', '김dev', 'やまだ_k', 'ㄅdev', 'スーパーdev', 'ﾀﾛｰtaro', 'Hawaiʻi', 'Mikaʼel', 'Işık', 'Nguyễn', 'Straße']) assert.equal(nickError(n), null, n);
  assert.equal(nickError('Иван'), null);
  assert.equal(nickError('Σοφία'), null);
  assert.equal(toValidNick('Ivan Иванов'), 'Ivan', 'a Git name in two scripts: its first word');
  assert.equal(toValidNick('Иван Иванов'), 'Иван_Иванов');
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
  assert.notEqual(nickKey('Иван'), nickKey('Ivan'));
  assert.notEqual(nickKey('राम'), nickKey('रम'), 'marks of other scripts still count');
});

test('a nickname cannot start with [: a terminal shows a direct message as "[DM] alice: ...", and "[DM]alice" would pass for one', () => {
  for (const n of ['[DM]alice', '[DM', '[', '[bot]']) assert.match(nickError(n) ?? '', /cannot start with \[/, n);
  for (const n of ['alice[DM]', 'x[y]', ']x', '{x}', '|x|']) assert.equal(nickError(n), null, n);
  // a saved or default name that starts with [ (a setting, a Git name) still makes a valid nickname
  assert.equal(toValidNick('[DM]alice'), 'DM]alice');
  assert.equal(toValidNick('[bot] Grace Hopper'), 'bot]_Grace_Hopper');
  assert.equal(toValidNick('[[\u0301x'), 'x');
  assert.equal(toValidNick('['), 'guest');
});
