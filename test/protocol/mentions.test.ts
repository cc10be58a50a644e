import { test } from 'node:test';
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { mentions } from '../../src/protocol/mentions';

test('a nickname is mentioned as a word of its own, in any script', () => {
  assert.ok(mentions('hey @alice look', 'alice'));
  // an address is no call: `ops@alice.dev` (the terminal rang its bell for it)
  assert.ok(!mentions('mail ops@alice.dev or email@alice.com', 'alice'));
  assert.ok(mentions('(@alice) and @alice, and alice@', 'alice'));
  assert.ok(mentions('Alice: done?', 'alice'));
  assert.ok(mentions('alice', 'alice'));
  assert.ok(!mentions('malice aforethought', 'alice'));
  assert.ok(!mentions('alice_2 is here', 'alice'));
  assert.ok(!mentions('bob-2 says hi', 'bob'), 'bob-2 is another nickname');
  assert.ok(mentions('ping b.o.b!', 'b.o.b'));
  assert.ok(!mentions('bxoxb', 'b.o.b'));
  assert.ok(!mentions('anything', ''));
  // letters outside ASCII, and nicknames that start or end with no letter (a \b test missed them)
  assert.ok(mentions('hi José, look', 'José'));
  assert.ok(!mentions('Joséphine', 'José'));
  assert.ok(mentions('thanks [bob]', '[bob]'));
  assert.ok(mentions('日本 さん', '日本'));
});

test('a nickname in an address or a path is no call for that person; at the end of a sentence it is', () => {
  // (the terminal rang its bell and the line went bold for each of these)
  for (const t of ['mail it to bob@example.com', 'see /home/bob/notes.txt', 'C:\\Users\\bob\\notes.txt', 'the bob.ts file', 'ops@bob.dev']) {
    assert.ok(!mentions(t, 'bob'), t);
  }
  for (const t of ['thanks bob.', 'bob, see /home/x', 'bob: ok?', '@bob/ can you', 'is it you, bob?', 'bob. Next', 'hmm...bob?', 'bob/alice: can you review?']) {
    assert.ok(mentions(t, 'bob'), t);
  }
  // an @ says it is a call, wherever it stands but after a letter (an address)
  for (const t of ['@bob/@alice ping', '.@alice thanks', '(@alice)', 'see /home/@alice', '@alice.ts?']) {
    assert.ok(mentions(t, 'alice'), t);
  }
  // (the other side of a pair written as a path reads as one: `bob/alice` calls bob only)
  assert.ok(!mentions('bob/alice: can you review?', 'alice'));
});

test('a nickname inside code is code, not a mention: inline spans and fenced blocks, closed or not', () => {
  assert.ok(!mentions('run `alice.start()` first', 'alice'));
  assert.ok(!mentions('see ``a `alice` b``', 'alice'));
  assert.ok(!mentions('log:\n```\nalice: connection reset\n```', 'alice'));
  assert.ok(!mentions('~~~js\nalice()\n', 'alice'), 'a block left open runs to the end');
  assert.ok(mentions('```\nlog\n```\nalice, this is yours', 'alice'), 'after the block is text again');
  assert.ok(mentions('`x` then alice', 'alice'));
  assert.ok(mentions('a lone ` then alice', 'alice'), 'a backtick with no partner opens no span');
  assert.ok(mentions('```alice``` is not a fence here', 'alice') === false, 'an inline span of three backticks');
  assert.ok(!mentions('````\n```\nalice\n````', 'alice'), 'a shorter fence does not close a longer one');
  // a span stays in its block, and an escaped backtick opens none
  assert.ok(mentions('I typed a ` by mistake\n\n@alice can you run `npm test`?', 'alice'));
  assert.ok(mentions('- a ` here\n- @alice `b`', 'alice'));
  assert.ok(!mentions('> a ` here\n> @alice `b`', 'alice'), "a quote's lines are one paragraph: a span from one to the next");
  assert.ok(mentions('use \\` to quote, @alice, then `x`', 'alice'));
});

test('code inside a quote or a list item, and an indented block, is code too; a paragraph goes on where Markdown reads it so', () => {
  assert.ok(!mentions('steps:\n1. run it\n   ```\n   alice: connection reset\n   ```', 'alice'), 'a fence in a list item');
  assert.ok(!mentions('- ```\n  alice()\n  ```', 'alice'), 'a list item that is a fence');
  assert.ok(!mentions('> ~~~\n> alice()\n> ~~~', 'alice'), 'a ~~~ fence in a quote');
  assert.ok(!mentions('the log:\n\n    alice: reset\n    bob: reset', 'alice'), 'an indented block after a blank line');
  assert.ok(!mentions('\talice()', 'alice'), 'a tab is four spaces in');
  assert.ok(!mentions('-\t\talice()', 'alice'), 'tabs after a marker too: an item whose content is an indented block');
  assert.ok(!mentions('>\t```\n>\talice()', 'alice'), 'a fence a tab into a quote');
  assert.ok(mentions('-\talice, look', 'alice') && mentions('> \talice, look', 'alice'), 'a tab after a marker is its space');
  assert.ok(!mentions('- item\n\n      alice()', 'alice'), 'an indented block in a list item');
  assert.ok(mentions('text\n    alice, look', 'alice'), 'four spaces in do not break into a paragraph');
  assert.ok(mentions('- ```\n  x\n  ```\n\nalice, done', 'alice'), 'after the list, prose again');
  assert.ok(mentions('- ```\nalice, done', 'alice'), "a fence in a list item ends with the item (the line is not indented as the item's)");
  assert.ok(mentions('> ```\n> x\n\nalice', 'alice'), "a fence in a quote ends with the quote");
  assert.ok(mentions('> a\nalice, b', 'alice'), 'a line without > goes on with the paragraph of the quote');
  assert.ok(!mentions('> a `x\nalice` b', 'alice'), "... so a span runs across it");
  assert.ok(mentions('- a `x\n\n  alice` b', 'alice'), 'a span never runs from one paragraph of an item to the next');
  assert.ok(mentions('> a `x\n- alice` b', 'alice'), 'a list item ends a quote: the span does not run into it');
});

// markdown-it as the panel has it (src/webview/markdown.ts: the options and the disabled rules that decide blocks)
const md = new MarkdownIt({ html: false, linkify: true, breaks: true });
md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
md.disable(['image', 'heading', 'lheading', 'hr']);

/** The prose of `text` as markdown-it reads it: its text, with code spans and blocks left out. */
function proseByMarkdownIt(text: string): string {
  const out: string[] = [];
  for (const t of md.parse(text, {})) {
    if (t.type !== 'inline') out.push('\n');
    else for (const c of t.children ?? []) out.push(c.type === 'text' ? c.content : c.type === 'code_inline' ? ' ' : c.type.endsWith('break') ? '\n' : '');
  }
  return out.join('');
}

test('what counts as code is what the panel shows as code: 4,000 messages of quotes, lists, fences, indents and spans, as markdown-it reads them', () => {
  const starts = ['', '', '', '> ', '- ', '1. ', '2. ', '  ', '    ', '     ', '\t', '> - ', '- > ', '   ', '-', '>', '* ', '-     ', '1) ', '10. ', '  - ', '   > ', '>> ', '+ ', ' \t', '- [ ] '];
  const bodies = ['```', '```js', '~~~', '````', 'alice', 'hi alice', '`alice`', 'x ` y', 'alice `z', '', '', 'text', '``` x`y', '```', 'code alice', '``a`alice``', '\\`alice`', '~~~~ ', '```  ', '``` x', '@alice:', 'alice\t`', '``', '- alice'];
  let seed = 11; // (a fixed sequence: the same messages every run)
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return Math.floor((seed / 0x80000000) * n);
  };
  const word = /(^|[^\p{L}\p{N}_@-])@?alice(?![\p{L}\p{N}_-])/iu;
  const differ: string[] = [];
  let mentioned = 0;
  for (let i = 0; i < 4000; i++) {
    const text = Array.from({ length: 1 + next(6) }, () => starts[next(starts.length)]! + starts[next(9)]! + bodies[next(bodies.length)]!).join('\n');
    const expected = word.test(proseByMarkdownIt(text));
    if (expected) mentioned++;
    if (mentions(text, 'alice') !== expected) differ.push(JSON.stringify(text));
  }
  assert.deepEqual(differ, []);
  assert.ok(mentioned > 1000 && mentioned < 3000, `both answers are tried (${mentioned} of 4,000 mention alice)`);
});
