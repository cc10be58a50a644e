// Hostile input everywhere the panel shows text: nothing may execute, navigate, or carry live attributes,
// and a nickname with hidden characters must not look like somebody else's.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ToPanel } from '../../src/shared/panelMessages';
import { dm, makeSnapshot, msg, T0, startHarness, type Harness, type Panel } from './harness';

const P = (n: number) => `window.__pwned=${n}`;
const MARKDOWN_PAYLOADS = [
  `<script>${P(1)}</script>`,
  `<img src=x onerror="${P(2)}">`,
  `<svg onload="${P(3)}"><script>${P(3)}</script></svg>`,
  `<svg><a xlink:href="javascript:${P(4)}"><text x="0" y="10">svg link</text></a></svg>`,
  `[js link](javascript:${P(5)})`,
  `[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
  `[vb](vbscript:msgbox(1))`,
  `[cased](JaVaScRiPt:${P(6)})`,
  `[entity](javascript&#58;${P(7)})`,
  `[spaced]( javascript:${P(8)} )`,
  `[tabbed](java\tscript:${P(9)})`,
  `<javascript:${P(10)}>`,
  `<data:text/html,<script>${P(11)}</script>>`,
  `[ref link][r]\n\n[r]: javascript:${P(12)}`,
  `[quote break](https://ok.example/" onmouseover="${P(13)})`,
  `<a href="javascript:${P(14)}">raw anchor</a>`,
  `<iframe src="javascript:${P(15)}"></iframe><object data="x"></object><embed src="x">`,
  `<style>body{display:none}</style><form action="javascript:${P(16)}"><button>go</button></form>`,
  `![image](https://example.com/x.png) ![js image](javascript:${P(17)})`,
  '```html\n<img src=x onerror="' + P(18) + '"><script>' + P(18) + '</script>\n```',
  '```"><img src=x onerror=' + P(19) + '>\ncode in a fence with a hostile info string\n```',
  '`<img src=x onerror=' + P(20) + '>`',
  `<details open ontoggle="${P(21)}">x</details>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${P(22)}>`,
  `| <img src=x onerror=${P(23)}> | [cell](javascript:${P(24)}) |\n|---|:-:|\n| <script>${P(25)}</script> | x |`,
  `[click](https://example.com/ok) and <https://example.com/auto> are fine`,
];
const PAYLOAD_NICK = `<img src=x onerror=${P(30)}>`;
const PAYLOAD_TEXT = `<svg/onload=${P(31)}>`;

let hx: Harness;
before(async () => {
  hx = await startHarness();
});
after(async () => {
  await hx?.close();
});

async function assertInert(p: Panel): Promise<void> {
  assert.equal(await p.pwned(), undefined, 'window.__pwned stays unset');
  assert.deepEqual(p.dialogs, [], 'no dialog opened');
  assert.deepEqual(p.errors, [], 'no page errors');
  assert.deepEqual(await p.cspViolations(), [], 'nothing was even attempted against the CSP');
  const bad = await p.page.evaluate(() => {
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll('*'))) {
      for (const a of Array.from(el.attributes)) {
        if (/^on/i.test(a.name)) found.push(`${el.tagName} ${a.name}`);
        if (/^(href|src|xlink:href|action|formaction|data)$/i.test(a.name) && /^\s*(javascript|data|vbscript):/i.test(a.value)) found.push(`${el.tagName} ${a.name}=${a.value}`);
      }
    }
    const content = document.querySelector('.app');
    const own = document.querySelector('.search > .search-input'); // the panel's one input: Ctrl+F's search box
    for (const tag of ['script', 'img', 'svg', 'iframe', 'object', 'embed', 'style', 'form', 'math', 'details', 'input', 'link', 'meta']) {
      if (Array.from(content?.querySelectorAll(tag) ?? []).some((el) => el !== own)) found.push(`<${tag}> in the panel`);
    }
    for (const el of Array.from(document.querySelectorAll('.row [style], .topic [style], .tabs [style], .members [style]'))) found.push(`style on ${el.tagName}`);
    if (document.scripts.length !== 1) found.push(`${document.scripts.length} scripts`);
    return found;
  });
  assert.deepEqual(bad, []);
  assert.equal(p.page.url(), `${hx.origin}/`, 'never navigated');
}

describe('XSS: hostile text renders inert', () => {
  test('markdown payloads in messages, actions, DMs and notices', async () => {
    const events = MARKDOWN_PAYLOADS.map((t, i) => msg('general', i + 1, 'mallory', t));
    const snapshot = makeSnapshot({
      rooms: [{ name: 'general', epoch: 'e1', topic: 'ok', members: [{ nick: 'mallory', role: 'member' }, { nick: 'me', role: 'member' }], events }],
      dms: [dm('mallory', 'me', MARKDOWN_PAYLOADS.join('\n\n'))],
    });
    const p = await hx.open({ snapshot, height: 20000 });
    try {
      await p.deliver(
        { type: 'server', msg: { ...msg('general', 100, 'mallory', PAYLOAD_TEXT), kind: 'action' } },
        { type: 'notice', level: 'error', text: `<img src=x onerror=${P(32)}>` },
        { type: 'server', msg: { type: 'error', code: 'bad_message', message: `<script>${P(33)}</script>` } },
        { type: 'server', msg: { type: 'info', text: `<b onmouseover=${P(34)}>info</b>` } },
      );
      const texts = (await p.rowTexts()).join('\n');
      assert.ok(texts.includes('<script>window.__pwned=1</script>'), 'raw HTML shows as text');
      assert.ok(texts.includes(`<img src=x onerror=${P(32)}>`), 'notices are text');
      // Only the two https links may be links; everything else must have no href.
      const hrefs = await p.page.$$eval('.messages a[href]', (as) => as.map((a) => a.getAttribute('href')).filter((h) => h !== '#'));
      assert.ok(hrefs.every((h) => /^https:\/\//.test(h ?? '')), hrefs.join());
      // Click every link: only openLink with https (and openPath) may come out; the page never navigates.
      const links = await p.page.$$('.messages a');
      for (const a of links) await a.click({ force: true });
      const opened = (await p.posted()).filter((m) => m.type === 'openLink');
      assert.ok(opened.length >= 2);
      for (const m of opened) assert.match((m as { href: string }).href, /^https:\/\//);
      await p.page.click('.tab[data-conv="@mallory"]');
      await assertInert(p);
    } finally {
      await p.close();
    }
  });

  test('payloads in nicknames, topics, kick reasons, parting words, room names, code cards and DMs', async () => {
    const evil = (n: number) => `<img src=x onerror=${P(n)}>`;
    const snapshot = makeSnapshot({
      rooms: [{ name: 'general', epoch: 'e1', topic: `<script>${P(40)}</script>`, members: [{ nick: PAYLOAD_NICK, role: 'op' }, { nick: 'me', role: 'member' }], events: [] },
      ],
      dms: [dm(PAYLOAD_NICK, 'me', 'hi')],
    });
    const p = await hx.open({ snapshot, height: 4000, width: 800 });
    try {
      const base = { room: 'general', time: T0 };
      const msgs: ToPanel[] = [
        { type: 'server', msg: msg('general', 1, PAYLOAD_NICK, 'hello from a hostile nick') },
        { type: 'server', msg: { ...base, seq: 2, type: 'join', nick: evil(41), role: 'member' } },
        { type: 'server', msg: { ...base, seq: 3, type: 'nick', from: evil(42), to: `"><svg onload=${P(43)}>` } },
        { type: 'server', msg: { ...base, seq: 4, type: 'topic', by: evil(44), topic: `<iframe src=javascript:${P(45)}>` } },
        { type: 'server', msg: { ...base, seq: 5, type: 'kick', nick: evil(46), by: 'me', reason: `<script>${P(47)}</script>`, ban: true } },
        { type: 'server', msg: { ...base, seq: 6, type: 'role', nick: evil(48), by: evil(49), role: 'op' } },
        { type: 'server', msg: { ...base, seq: 7, type: 'leave', nick: evil(50), reason: `<b onclick=${P(51)}>x</b>`, message: `<img src=x onerror=${P(66)}>` } },
        { type: 'server', msg: msg('general', 8, 'mallory', `<script>${P(52)}</script>`, { kind: 'code', code: { path: `<img src=x onerror=${P(53)}>.ts`, language: `"><svg onload=${P(54)}>`, startLine: 1, endLine: 2 } }) },
        { type: 'server', msg: msg('general', 9, 'mallory', 'x', { kind: 'code', code: { path: 'a.ts', language: 'html' } }) },
        { type: 'server', msg: { type: 'room', name: `<img src=x onerror=${P(55)}>`, epoch: 'e', topic: evil(56), members: [{ nick: evil(57), role: 'owner' }], seq: 0 } },
        { type: 'server', msg: { type: 'who', room: 'general', members: [{ nick: evil(58), role: 'member' }, { nick: PAYLOAD_NICK, role: 'op' }, { nick: 'me', role: 'member' }] } },
        { type: 'server', msg: { type: 'rooms', rooms: [{ name: evil(59), topic: evil(60), members: 1 }] } },
        { type: 'server', msg: dm(evil(61), 'me', `<script>${P(62)}</script>`, { kind: 'code', code: { path: evil(63) } }) },
        { type: 'server', msg: { type: 'typing', room: 'general', nick: evil(64) } },
        { type: 'server', msg: { type: 'you', nick: 'me', role: 'member' } },
        { type: 'status', status: 'closed', text: `<img src=x onerror=${P(65)}>` },
      ];
      await p.deliver(...msgs);
      await p.page.click('.code-card-open >> nth=0');
      const open = await p.waitForPosted('openCode');
      assert.equal(open.code.path, `<img src=x onerror=${P(53)}>.ts`, 'the path is passed on as data, untouched');
      assert.ok((await p.page.textContent('.code-card-path'))?.includes('<img'), 'the path shows as text');
      assert.ok((await p.page.textContent('.code-card-body'))?.includes('<script>'), 'the code shows as text');
      assert.ok((await p.page.textContent('.topic'))?.includes('<iframe'));
      assert.ok((await p.page.textContent('.status-banner'))?.includes('<img'));
      assert.equal(await p.page.locator('.row.system', { hasText: `<img src=x onerror=${P(66)}>` }).count(), 1, 'parting words show as text');
      const tabs = await p.page.$$eval('.tab', (els) => els.map((e) => e.textContent ?? ''));
      assert.ok(tabs.some((t) => t.includes('<img src=x onerror=window.__pwned=55>')), tabs.join('|'));
      // Visit every conversation so each one is rendered.
      for (const id of await p.page.$$eval('.tab', (els) => els.map((e) => (e as HTMLElement).dataset.conv ?? ''))) {
        await p.page.click(`.tab[data-conv="${id.replace(/["\\]/g, '\\$&')}"]`);
      }
      await assertInert(p);
    } finally {
      await p.close();
    }
  });

  test('bidi and zero-width characters cannot make one nickname look like another', async () => {
    const spoofs = ['alice\u200B', 'al\u200Dice', '\u202Eecila', 'alice\u2066', '\uFEFFalice', 'ali\u00ADce'];
    const events = ['alice', ...spoofs].map((n, i) => msg('general', i + 1, n, `I am ${i}`, { time: T0 + i * 3_600_000 }));
    const snapshot = makeSnapshot({
      rooms: [{ name: 'general', epoch: 'e1', topic: '', members: ['alice', ...spoofs].map((nick) => ({ nick, role: 'member' as const })), events }],
    });
    const p = await hx.open({ snapshot, width: 800 });
    try {
      const shown = await p.page.$$eval('.messages .author', (els) => els.map((e) => ({
        tag: e.tagName, text: (e as HTMLElement).innerText, marks: e.querySelectorAll('.invisible-char').length, cls: e.className,
      })));
      assert.equal(shown.length, spoofs.length + 1);
      assert.deepEqual(shown[0], { tag: 'BDI', text: 'alice', marks: 0, cls: shown[0]!.cls });
      for (const s of shown.slice(1)) {
        assert.equal(s.tag, 'BDI');
        assert.notEqual(s.text, 'alice', 'a spoof never renders as the plain name');
        assert.ok(s.marks >= 1, `hidden characters are shown: ${s.text}`);
        assert.match(s.text, /U\+[0-9A-F]{4}/);
      }
      // Look-alike letters from another alphabet are flagged too.
      await p.deliver({ type: 'server', msg: msg('general', 40, '\u0430lice', 'cyrillic a') });
      const homoglyph = await p.page.$$eval('.messages .author', (els) => (els[els.length - 1] as HTMLElement).className);
      assert.match(homoglyph, /nick-suspicious/);
      // The same holds for the members list and system lines.
      const members = await p.page.$$eval('.member .nick', (els) => els.map((e) => (e as HTMLElement).innerText));
      assert.equal(members.filter((m) => m === 'alice').length, 1, members.join('|'));
      // An RLO inside message text stays inside its own paragraph: the author next to it keeps its reading order.
      await p.deliver({ type: 'server', msg: msg('general', 50, 'bob', '\u202Eevil reversed text') }, { type: 'server', msg: msg('general', 51, 'alice', 'after') });
      const last = await p.page.$$eval('.messages .author', (els) => (els[els.length - 1] as HTMLElement).innerText);
      assert.equal(last, 'alice');
      await assertInert(p);
    } finally {
      await p.close();
    }
  });

  test('a run of one hidden character is one mark that counts it; past 200 marks in a message the rest are counted at its end', async () => {
    const p = await hx.open({ snapshot: makeSnapshot(), width: 800 });
    try {
      await p.deliver(
        { type: 'server', msg: msg('general', 100, 'mallory', `hi${'\u200B'.repeat(16_000)} there`) },
        { type: 'server', msg: msg('general', 101, 'mallory', 'a\u200B'.repeat(300)) },
        // a right-to-left writer's marks in prose, two in a row too: not marked, as one alone is not
        { type: 'server', msg: msg('general', 102, 'dana', 'מחיר: 100\u200F\u200F ש"ח') },
        { type: 'server', msg: msg('general', 103, 'mallory', 'a\u200B'.repeat(250) + 'report\u202Efdp.exe') },
      );
      const rows = await p.page.$$eval('.messages .row .body', (els) => els.map((b) => ({
        marks: Array.from(b.querySelectorAll('.invisible-char')).map((m) => m.textContent),
        hiddenLeft: /\u200B/.test(b.textContent ?? ''),
      })));
      assert.deepEqual(rows[0], { marks: ['U+200B \u00d716000'], hiddenLeft: false });
      assert.equal(rows[1]!.marks.length, 201);
      // (past them each is a zero-width space, which has no direction: nothing between two runs of accents made them
      // one letter's)
      assert.deepEqual([rows[1]!.marks[0], rows[1]!.marks[200], rows[1]!.hiddenLeft], ['U+200B', '100 more invisible characters', true]);
      assert.deepEqual(rows[2]!.marks, []);
      assert.equal(await p.page.$eval('.messages .row:last-child .body', (b) => /\u202E/.test(b.textContent ?? '')), false, 'an override past them does not stay');
    } finally {
      await p.close();
    }
  });

  test('hidden bidi and zero-width characters in code and message text are shown ("Trojan Source")', async () => {
    // CVE-2021-42574's early return: it reads `if (accessLevel != "user") { // Check if admin`
    const trojan = 'if (accessLevel != "user\u202E \u2066// Check if admin\u2069 \u2066") {\n  grantAdmin();\n}';
    const emoji = 'fine: 👩‍💻 🏳️‍🌈 👩🏽‍💻 ❤️ می‌خواهم क्‍ष അവന്‍';
    const rtl = 'שלום, \u200F100 ש"ח\u200F. مرحبا\u061C 3 \u200Eok';
    const p = await hx.open({ snapshot: makeSnapshot(), width: 800 });
    try {
      await p.deliver(
        { type: 'server', msg: msg('general', 100, 'mallory', trojan, { kind: 'code', code: { path: 'src/auth.ts', language: 'typescript', startLine: 10, endLine: 12 } }) },
        { type: 'server', msg: msg('general', 101, 'mallory', '```ts\n' + trojan + '\n```\nplease open report\u202Efdp.exe, \u200Bzero\uFEFFwidth\u2060 a\u200Db') },
        { type: 'server', msg: msg('general', 102, 'mallory', 'renamed report\u202Efdp.exe', { kind: 'action' }) },
        { type: 'server', msg: msg('general', 103, 'alice', emoji) },
        { type: 'server', msg: msg('general', 104, 'alice', 'if (ok) {}', { kind: 'code', code: { path: 'a.ts', language: 'typescript' } }) },
        // bidi marks: right-to-left writers use them in prose; in code they are marked
        { type: 'server', msg: msg('general', 105, 'dana', rtl + '\n```\nlet a = "\u200F1";\n```\nand `x\u061C`') },
        { type: 'server', msg: msg('general', 106, 'dana', 'let s = "\u200Eabc";', { kind: 'code', code: { path: 'b.ts', language: 'typescript' } }) },
      );
      const rows = await p.page.$$eval('.messages .row', (els) => els.map((e) => {
        const text = e.querySelector('.code-card-body, .body, .action-text');
        return {
          marks: Array.from(text?.querySelectorAll('.invisible-char') ?? []).map((m) => m.textContent),
          hiddenLeft: /[\u200B\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/.test(text?.textContent ?? ''),
          flagged: e.querySelector('.code-card-hidden')?.textContent ?? null,
          text: (text as HTMLElement | null)?.innerText ?? '',
        };
      }));
      const trojanMarks = ['U+202E', 'U+2066', 'U+2069', 'U+2066'];
      assert.deepEqual(rows.map((r) => [r.marks, r.hiddenLeft, r.flagged]), [
        [trojanMarks, false, 'hidden characters'],
        [[...trojanMarks, 'U+202E', 'U+200B', 'U+FEFF', 'U+2060', 'U+200D'], false, null],
        [['U+202E'], false, null],
        [[], false, null], // joiners in emoji and in scripts that join letters stay
        [[], false, null],
        [['U+200F', 'U+061C'], false, null],
        [['U+200E'], false, 'hidden characters'],
      ]);
      assert.match(rows[0]!.text, /"userU\+202E U\+2066\/\/ Check if adminU\+2069 U\+2066"\) \{/);
      assert.equal(rows[3]!.text, emoji);
      assert.ok(rows[5]!.text.startsWith(rtl), 'the marks of prose stay in it, unmarked');
      // Copy gives the code as it was sent (the editor it goes to marks such characters itself)
      await p.clearPosted();
      await p.page.click('.code-card-copy >> nth=0');
      assert.equal((await p.waitForPosted('copyText')).text, trojan);
      await p.clearPosted();
      await p.page.$eval('.code-block-copy', (b) => (b as HTMLElement).click()); // (it shows on hover; what it copies is the point here)
      assert.equal((await p.waitForPosted('copyText')).text, trojan + '\n');
      await assertInert(p);
    } finally {
      await p.close();
    }
  });

  test('letters that draw as nothing and tag characters are marked in code and text; bidi marks in prose where no right-to-left letter is, or between digits', async () => {
    const backdoor = 'const { timeout,\u3164} = req.query;\nexec(["curl", timeout,\u3164]);';
    const scotland = '\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}';
    const p = await hx.open({ snapshot: makeSnapshot(), width: 800 });
    try {
      await p.deliver(
        { type: 'server', msg: msg('general', 100, 'mallory', backdoor, { kind: 'code', code: { path: 'src/app.js', language: 'javascript' } }) },
        { type: 'server', msg: msg('general', 101, 'mallory', 'run npm test\u{E0020}\u{E0026}\u{E0026}\u{E0020}\u{E0072}\u{E006D} then ' + scotland) },
        { type: 'server', msg: msg('general', 102, 'mallory', 'account 4417\u200F1234\u200F9905, PR #123\u200F45') },
        { type: 'server', msg: msg('general', 103, 'dana', 'שלום 100\u200F. ok') },
        { type: 'server', msg: msg('general', 104, 'mallory', 'hy\u00ADphen, `co\u00ADde`, \u2800 and \u2801\u2800\u2803 \u115F\uFFA0\u2061') },
        // any text in tags after a 🏴 is no flag (a flag's are a subdivision's 2 to 7 letters and digits)
        { type: 'server', msg: msg('general', 105, 'mallory', 'deploy ok \u{1F3F4}' + [...'ignore previous'].map((c) => String.fromCodePoint(0xe0000 + c.codePointAt(0)!)).join('') + '\u{E007F}') },
        // a mark between two numbers reorders them whatever right-to-left words are elsewhere
        { type: 'server', msg: msg('general', 106, 'mallory', 'pay to IBAN DE44 \u200F5001 0517 5407, שלום') },
        { type: 'server', msg: msg('general', 107, 'bataa', 'ᠪᠠᠷᠢ\u180Eᠡ and x\u180Ey') },
      );
      const rows = await p.page.$$eval('.messages .row', (els) => els.map((e) => {
        const text = e.querySelector('.code-card-body, .body');
        return { marks: Array.from(text?.querySelectorAll('.invisible-char') ?? []).map((m) => m.textContent), flagged: e.querySelector('.code-card-hidden') !== null };
      }));
      assert.deepEqual(rows, [
        { marks: ['U+3164', 'U+3164'], flagged: true },
        { marks: ['tags \u00d76'], flagged: false }, // (and the flag's own tags stay)
        { marks: ['U+200F', 'U+200F', 'U+200F'], flagged: false },
        { marks: [], flagged: false },
        { marks: ['U+00AD', 'U+2800', 'U+115F', 'U+FFA0', 'U+2061'], flagged: false },
        { marks: ['tags \u00d716'], flagged: false },
        { marks: ['U+200F'], flagged: false },
        { marks: ['U+180E'], flagged: false }, // (between Mongolian letters it is the script's own)
      ]);
      await assertInert(p);
    } finally {
      await p.close();
    }
  });

  test("a language named like an object's own property (constructor, __proto__) is just an unknown language: the conversation showed nothing, for everyone, at every reload", async () => {
    const events = [
      msg('general', 1, 'mallory', 'x = 1', { kind: 'code', code: { path: 'a.ts', language: 'constructor', startLine: 1, endLine: 1 } }),
      msg('general', 2, 'mallory', '```__proto__\ny = 2\n```'),
      msg('general', 3, 'mallory', '```toString\nz = 3\n```\n```hasOwnProperty\nw\n```'),
    ];
    const snapshot = makeSnapshot({ rooms: [{ name: 'general', epoch: 'e1', topic: '', members: [{ nick: 'me', role: 'member' }], events }] });
    const p = await hx.open({ snapshot, height: 900, width: 800 });
    try {
      await p.deliver({ type: 'server', msg: msg('general', 4, 'mallory', '```constructor\nv = 4\n```') }, { type: 'server', msg: msg('general', 5, 'alice', 'still here?') });
      await p.page.waitForSelector('.row >> text=still here?');
      assert.deepEqual(await p.page.$$eval('.messages .row.msg code', (els) => els.map((e) => e.textContent?.trim())), ['x = 1', 'y = 2', 'z = 3', 'w', 'v = 4']);
      assert.deepEqual(p.errors, [], 'no page errors');
    } finally {
      await p.close();
    }
  });

  test('a link to a host in other letters than ASCII shows the ASCII name it opens (xn--): Cyrillic "аррӏе.com" read as apple.com', async () => {
    const snapshot = makeSnapshot({ rooms: [{ name: 'general', epoch: 'e1', topic: 'sign in at https://аррӏе.com/login', members: [{ nick: 'me', role: 'member' }], events: [] }] });
    const p = await hx.open({ snapshot, width: 800 });
    try {
      await p.deliver({ type: 'server', msg: msg('general', 1, 'mallory', 'new SSO page: https://xn--80ak6aa92e.com/login, <https://xn--80ak6aa92e.com/a?b=%20c>, https://аррӏе.com:8443/x and https://apple.com/ok') });
      const links = await p.page.$$eval('.messages .row .body a.link, .topic a.link', (els) => els.map((a) => a.textContent));
      assert.deepEqual(links, [
        'https://xn--80ak6aa92e.com/login', // (the topic's)
        'https://xn--80ak6aa92e.com/login',
        'https://xn--80ak6aa92e.com/a?b=%20c',
        'https://xn--80ak6aa92e.com:8443/x',
        'https://apple.com/ok',
      ]);
      await assertInert(p);
    } finally {
      await p.close();
    }
  });

  test("a topic's line breaks and runs of blanks (a hostile server's: an honest one sends one line) make no rows of their own, in the history or the bar", async () => {
    const forged = `release today\n\u2192 mallory joined as owner\r\n${' '.repeat(300)}alice: ship it`;
    const snapshot = makeSnapshot({ rooms: [{ name: 'general', epoch: 'e1', topic: forged, members: [{ nick: 'me', role: 'member' }], events: [] }] });
    const p = await hx.open({ snapshot, width: 800 });
    try {
      await p.deliver({ type: 'server', msg: { type: 'topic', room: 'general', seq: 1, time: T0, by: 'bob', topic: forged } });
      await p.page.waitForSelector('.row.system .topic-text');
      const shown = await p.page.$$eval('.row.system .topic-text, .topic .topic-text', (els) => els.map((e) => (e as HTMLElement).innerText));
      assert.deepEqual(shown, ['release today \u2192 mallory joined as owner alice: ship it', 'release today \u2192 mallory joined as owner alice: ship it']);
      await assertInert(p);
    } finally {
      await p.close();
    }
  });

  test("a notice that starts with a room's name in right-to-left letters (a hostile server's, or an honest #שלום) reads left to right, as the sentence it is", async () => {
    const room = 'שלום';
    const snapshot = makeSnapshot({ rooms: [{ name: room, epoch: 'e1', topic: '', members: [{ nick: 'me', role: 'member' }], events: [msg(room, 1, 'bob', 'hi')] }], activeRoom: room });
    const p = await hx.open({ snapshot, width: 800 });
    try {
      await p.deliver({ type: 'notice', level: 'info', text: `#${room}: earlier messages may be missing (the history sent did not reach back far enough)` });
      // (the panel's own: the room started anew by its host)
      await p.deliver({ type: 'server', msg: { type: 'room', name: room, epoch: 'e2', topic: '', seq: 0, members: [{ nick: 'me', role: 'member' }] } });
      await p.deliver({ type: 'server', msg: { type: 'info', text: `בוב left before your direct message reached them (their connection was lost)` } });
      const shown = await p.page.$$eval('.row.notice .notice-text', (els) => els.map((e) => [(e as HTMLElement).innerText.split(' ').slice(0, 2).join(' '), getComputedStyle(e).direction]));
      assert.deepEqual(shown, [[`#${room}: earlier`, 'ltr'], [`#${room} was`, 'ltr'], ['בוב left', 'ltr']]);
    } finally {
      await p.close();
    }
  });

  test('a nickname with blanks (which no nickname has) is flagged: `alice ` or `me` and a no-break space drew as alice or you', async () => {
    const spoofs = ['alice ', 'me\u00a0', 'eve\nboss', `eve${' '.repeat(200)}alice`, '\u3000me'];
    const events = ['alice', ...spoofs].map((n, i) => msg('general', i + 1, n, `I am ${i}`, { time: T0 + i * 3_600_000 }));
    const snapshot = makeSnapshot({ rooms: [{ name: 'general', epoch: 'e1', topic: '', members: [{ nick: 'me', role: 'member' }], events }] });
    const p = await hx.open({ snapshot, width: 800 });
    try {
      const shown = await p.page.$$eval('.messages .author', (els) => els.map((e) => [e.classList.contains('nick-suspicious'), e.getAttribute('title')]));
      assert.deepEqual(shown, [[false, null], ...spoofs.map(() => [true, 'This name contains spaces or line breaks'])]);
      await assertInert(p);
    } finally {
      await p.close();
    }
  });
});
