// The panel against axe-core's rules (WCAG 2.x A and AA, and its best practices) in each theme, in what a user
// sees: a conversation with its members, code in several languages, the autocomplete, find, a message's actions
// and the reaction picker, a status banner, the members over the messages of a narrow panel (headless Chromium).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { ThemeName } from './themes';
import { conversation } from './fixtures';
import { makeSnapshot, msg, startHarness, type Harness, type Panel } from './harness';

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let hx: Harness;
before(async () => {
  hx = await startHarness();
});
after(async () => {
  await hx?.close();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; why: string }[];
}

/**
 * What axe finds wrong in the panel as it is now (its whole page: the panel is all a webview holds). Code that
 * scrolls sideways is reached from its row, not by Tab from anywhere: the list is one tab stop, and the row the
 * keyboard is on puts its controls and its code in the tab order (rowKeys.ts). axe reads that as code out of
 * reach: `codeReachedFromItsRow` checks it row by row instead.
 */
async function violations(p: Panel, only?: { rule: string; selector: string }): Promise<Violation[]> {
  // (evaluated, not a script tag: the panel's CSP lets in only its own nonced script)
  if (!(await p.page.evaluate(() => 'axe' in window))) await p.page.evaluate(AXE);
  // VS Code underlines no link in text unless accessibility.underlineLinks is on, and its themes' link colours are
  // not 3:1 from the text's: the panel's links follow that setting as VS Code's own are, and axe's rule for links
  // told by colour alone is checked with it on
  const underlined = p.underlineLinks;
  return p.page.evaluate(async ({ only, underlined }) => {
    interface AxeResult { violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] }
    const axe = (window as unknown as { axe: { run(ctx: Document | string, o: object): Promise<AxeResult> } }).axe;
    const r = only
      ? await axe.run(only.selector, { runOnly: [only.rule], resultTypes: ['violations'] })
      : await axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
        rules: { 'scrollable-region-focusable': { enabled: false }, 'link-in-text-block': { enabled: underlined } },
        resultTypes: ['violations'],
      });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target.join(' '), why: n.failureSummary ?? '' })) }));
  }, { only, underlined });
}

/** Each code card that scrolls sideways: out of the tab order at rest, in it (axe content) once its row has the keyboard. */
async function codeReachedFromItsRow(p: Panel): Promise<number> {
  // (found and measured in one call: see the links' underline below)
  const keys = await p.page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.code-card-body')].filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.closest<HTMLElement>('[data-key]')?.dataset.key ?? ''));
  for (const key of keys) {
    // (a day's first row is in a wrapper with the day's line; the others carry their key themselves)
    const row = `.row[data-key="${key}"], [data-key="${key}"] > .row`;
    const code = `:is(${row}) .code-card-body`;
    assert.equal(await p.page.$eval(code, (e) => (e as HTMLElement).tabIndex), -1, `${key}: one tab stop for the list`);
    await p.page.focus(row);
    assert.deepEqual(await violations(p, { rule: 'scrollable-region-focusable', selector: code }), [], key);
  }
  return keys.length;
}

async function assertClean(p: Panel, what: string): Promise<void> {
  const found = await violations(p);
  assert.deepEqual(found, [], `${what} (${p.theme}): ${JSON.stringify(found, null, 1)}`);
}

/** Code in several languages: every token colour of the panel's highlighting, on the editor's background. */
const CODE: [language: string, text: string][] = [
  ['typescript', 'import { x } from "./y";\n/** doc */\nexport class Room<T> extends Base implements Named {\n  @logged private readonly seq: number = 0x1f;\n  async send(text: string, n = 42): Promise<boolean> { return /a+/.test(`${text}`) && n > 1 && true; }\n}'],
  ['python', '@dataclass\nclass Peer:\n    def send(self, text: str) -> None:  # a comment\n        print(f"{text!r}", 3.14, None)'],
  ['json', '{"type": "hello", "v": 1, "ok": true, "nick": null}'],
  ['diff', '--- a/x.ts\n+++ b/x.ts\n@@ -1,2 +1,2 @@\n-const a = 1;\n+const a = 2;\n context'],
  ['css', '.row > a:hover { color: #fff !important; margin: 0 4px; }'],
  ['html', '<a href="/x" class="y">text &amp; more</a><!-- c -->'],
  ['bash', 'for f in *.ts; do echo "$f" | grep -q x && exit 1; done'],
  ['rust', 'fn main() -> Result<(), Box<dyn Error>> { let s: &str = "x"; println!("{s}"); Ok(()) }'],
];

async function withConversation(theme: ThemeName, size: { width: number; height: number }, body: (p: Panel) => Promise<void>, underlineLinks = false): Promise<void> {
  const { snapshot, live } = conversation();
  const general = snapshot.rooms[0]!;
  let seq = 100;
  for (const [language, text] of CODE) general.events.push(msg('general', ++seq, 'bob', text, { time: general.events.at(-1)!.time, kind: 'code', code: { path: `src/x.${language}`, language, startLine: 1, endLine: text.split('\n').length } }));
  // (links amid the text, a web address and a file's line)
  general.events.push(msg('general', seq + 1, 'carol', 'the steps are at https://example.org/docs#setup and the check in src/node/room.ts:42, read them first', { time: general.events.at(-1)!.time }));
  const p = await hx.open({ snapshot, theme, ...size, underlineLinks });
  try {
    for (const m of live) await p.deliver(m);
    await body(p);
    assert.deepEqual(p.errors, [], 'no page errors');
  } finally {
    await p.close();
  }
}

describe('accessibility (axe-core)', () => {
  for (const theme of ['dark', 'light', 'hc', 'hcLight'] as const) {
    test(`${theme} theme: the conversation, its code and members; the autocomplete, find, a message's actions, a status`, async () => {
      await withConversation(theme, { width: 760, height: 900 }, async (p) => {
        await assertClean(p, 'the conversation');
        assert.ok((await codeReachedFromItsRow(p)) >= 1, 'code too wide for its card was there to reach');
        // what the room refused, said at the end of the conversation (in view: the list keeps to its end)
        await p.deliver({ type: 'notice', level: 'error', text: 'error: only the owner and ops can set the topic' });
        await p.page.locator('.notice-error', { hasText: 'only the owner and ops' }).waitFor();
        assert.ok(await p.page.locator('.notice-error').last().isVisible());
        await assertClean(p, 'an error notice');
        // a message's actions and the reaction picker
        const row = p.page.locator('.row.msg').last();
        await row.hover();
        await row.locator('.row-react').click();
        await p.page.locator('.reaction-picker').waitFor();
        await assertClean(p, 'a reaction picker open');
        await p.page.keyboard.press('Escape');
        // the autocomplete of a command, then of a nickname
        await p.page.locator('.composer-input').focus();
        await p.page.keyboard.type('/m');
        await p.page.locator('.autocomplete:not([hidden]) .ac-item').first().waitFor();
        await assertClean(p, 'commands offered');
        // one pointed at (not the chosen one): the list's hover colour, what is on it still readable
        const pointed = p.page.locator('.autocomplete .ac-item:not(.selected)').first();
        await pointed.hover();
        const hoverBg = await p.page.evaluate(() => {
          const probe = document.body.appendChild(document.createElement('div'));
          probe.style.background = 'var(--vscode-list-hoverBackground)';
          const want = getComputedStyle(probe).backgroundColor;
          probe.remove();
          return want;
        });
        assert.equal(await pointed.evaluate((e) => getComputedStyle(e).backgroundColor), hoverBg);
        assert.notEqual(hoverBg, await p.page.locator('.autocomplete').evaluate((e) => getComputedStyle(e).backgroundColor));
        await assertClean(p, 'a command pointed at');
        await p.page.fill('.composer-input', '');
        await p.page.keyboard.type('hi @a');
        await p.page.locator('.autocomplete:not([hidden]) .ac-item').first().waitFor();
        await assertClean(p, 'nicknames offered');
        await p.page.fill('.composer-input', '');
        await p.page.keyboard.type('ship it :ta');
        await p.page.locator('.autocomplete:not([hidden]) .ac-emoji').first().waitFor();
        await assertClean(p, 'emoji offered');
        await p.page.keyboard.press('Escape');
        // find, with a hit
        await p.page.keyboard.press('Control+f');
        await p.page.fill('.search-input', 'resume');
        await assertClean(p, 'find');
        await p.page.keyboard.press('Escape');
        // the room gone away for a moment
        await p.deliver({ type: 'status', status: 'reconnecting', text: 'connection lost; reconnecting in 0.3 s...' });
        await assertClean(p, 'reconnecting');
        await p.deliver({ type: 'status', status: 'closed', text: 'the host closed the room', canRetry: true });
        await assertClean(p, 'closed, with Try Again');
      });
    });
  }

  for (const theme of ['dark', 'light', 'hc', 'hcLight'] as const) {
    test(`${theme} theme with VS Code's accessibility.underlineLinks on: links amid text are underlined, not told by their colour alone`, async () => {
      await withConversation(theme, { width: 760, height: 900 }, async (p) => {
        // (found and read in one go, in the page: $$eval finds them, then reads them in a second call, and a busy page
        // drew the rows anew between the two (code shown plain for want of highlighting time is coloured a second
        // later): a link taken out of the page has no style, read as '')
        const links = await p.page.evaluate(() => [...document.querySelectorAll('.markdown a[href]')].map((a) => `${a.textContent}: ${getComputedStyle(a).textDecorationLine}`));
        assert.ok(links.some((l) => l.startsWith('https://example.org/docs#setup:')) && links.some((l) => l.startsWith('src/node/room.ts:42:')), links.join('\n'));
        assert.deepEqual(links.filter((l) => !l.endsWith(': underline')), []);
        await assertClean(p, 'the conversation, its links underlined');
      }, true);
    });
  }

  for (const theme of ['dark', 'light', 'hcLight'] as const) test(`${theme} theme: editing, replying, a message too long, a long paste folded, no room`, async () => {
    const { snapshot, live } = conversation();
    const general = snapshot.rooms[0]!;
    general.events.push(msg('general', 50, 'bob', Array.from({ length: 40 }, (_, i) => `pasted line ${i + 1}`).join('\n'), { time: general.events.at(-1)!.time }));
    general.events.push(msg('general', 51, 'me', 'my last word', { time: general.events.at(-1)!.time }));
    const p = await hx.open({ snapshot, theme, width: 760, height: 900 });
    try {
      for (const m of live) await p.deliver(m);
      await p.page.locator('.show-more').first().waitFor();
      await assertClean(p, 'a long paste folded');
      await p.page.focus('.messages');
      await p.page.keyboard.press('ArrowUp'); // my message
      await p.page.keyboard.press('e');
      await p.page.locator('.composer-edit').waitFor();
      await assertClean(p, 'editing my message');
      await p.page.keyboard.press('Escape');
      await p.page.focus('.messages');
      await p.page.keyboard.press('ArrowUp');
      await p.page.keyboard.press('ArrowUp'); // bob's paste
      await p.page.keyboard.press('r');
      assert.match(await p.page.inputValue('.composer-input'), /^> /, 'a reply quotes the message');
      await assertClean(p, 'replying');
      await p.page.fill('.composer-input', 'x'.repeat(snapshot.maxText + 1));
      await p.page.locator('.composer-input[aria-invalid="true"]').waitFor();
      await assertClean(p, 'a message too long');
      await p.deliver({ type: 'snapshot', snapshot: makeSnapshot({ nick: '', status: 'closed', statusText: 'the host closed the room', address: '', rooms: [], activeRoom: '' }) });
      await assertClean(p, 'no room');
      assert.deepEqual(p.errors, [], 'no page errors');
    } finally {
      await p.close();
    }
  });

  test('a narrow panel: the members over the messages; a direct conversation', async () => {
    await withConversation('dark', { width: 420, height: 700 }, async (p) => {
      await p.page.click('.members-toggle');
      await p.page.locator('.members li.member').first().waitFor();
      await assertClean(p, 'members over the messages');
      await p.page.click('.members-toggle');
      await p.page.locator('.tab', { hasText: 'alice' }).first().click();
      await assertClean(p, 'a direct conversation');
    });
  });
});
