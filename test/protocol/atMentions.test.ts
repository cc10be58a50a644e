// `@name` in a message's text read as a mention of one of the conversation's people (atMentionsIn, pure: the panel
// marks them; panel.test looks at them drawn).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { atMentionsIn } from '../../src/protocol/atMentions';

const found = (s: string, names: readonly string[]) => atMentionsIn(s, names).map((m) => `${s.slice(m.at, m.end)}=${m.nick}`);

test('an @name of the people given, without case, as a whole word; not in an address, not a longer name, not a stranger', () => {
  const people = ['alice', 'bob', 'Ann-Marie', 'me'];
  assert.deepEqual(found('hey @alice, @BOB! @ann-marie: @me.', people), ['@alice=alice', '@BOB=bob', '@ann-marie=Ann-Marie', '@me=me']);
  assert.deepEqual(found('ops@alice.dev x@bob', people), [], 'an address');
  assert.deepEqual(found('@alice-2 @bob_x @bobby @me2', people), [], 'a longer name is another');
  assert.deepEqual(found('@carol @ @@bob', people), ['@bob=bob'], 'after another @ it is one still (@@bob)');
  assert.deepEqual(found('(@bob) [@alice] «@me»', people), ['@bob=bob', '@alice=alice', '@me=me']);
  assert.deepEqual(found('no one here', people), []);
});

test('the longest name that fits: bob.w over bob; names of any script', () => {
  assert.deepEqual(found('@bob.w and @bob.', ['bob', 'bob.w']), ['@bob.w=bob.w', '@bob=bob']);
  assert.deepEqual(found('@José と @日本さん', ['josé', '日本']), ['@José=josé'], 'a name with letters after it is a longer one');
  assert.deepEqual(found('@日本 です', ['日本']), ['@日本=日本']);
  assert.deepEqual(found('@İPEK ve @ipek', ['İpek']), ['@İPEK=İpek']);
});
