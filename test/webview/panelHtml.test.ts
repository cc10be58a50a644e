// The panel HTML: a strict CSP with a fresh nonce, no inline script, every URI escaped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeNonce, renderPanelHtml } from '../../src/vscode/panelHtml';

const base = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/chat.css',
  iconsUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/icons.css',
};

test('makeNonce: fresh, base64, 24 characters', () => {
  const a = makeNonce();
  const b = makeNonce();
  assert.notEqual(a, b);
  assert.match(a, /^[A-Za-z0-9+/]{24}$/);
});

test('renderPanelHtml: strict CSP with the nonce, nothing inline or unsafe', () => {
  const nonce = makeNonce();
  const html = renderPanelHtml({ ...base, nonce });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]?.replace(/&#39;/g, "'");
  assert.ok(csp);
  const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(' ')]));
  assert.equal(directives.get('default-src'), "'none'");
  assert.equal(directives.get('script-src'), `'nonce-${nonce}'`);
  assert.equal(directives.get('style-src'), `${base.cspSource} 'nonce-${nonce}'`);
  assert.equal(directives.has('font-src'), false, 'no fonts: the icons are masks in a style sheet');
  assert.equal(directives.get('img-src'), `${base.cspSource} data:`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  // One script, loaded by URI with the nonce; no inline script, no inline handlers, no style attributes.
  const scripts = html.match(/<script[^>]*>[\s\S]*?<\/script>/g) ?? [];
  assert.equal(scripts.length, 1);
  assert.equal(scripts[0], `<script nonce="${nonce}" src="${base.scriptUri}"></script>`);
  assert.doesNotMatch(html, /\son\w+=|style="/i);
  assert.ok(html.includes(`<link rel="stylesheet" nonce="${nonce}" href="${base.iconsUri}">`));
  assert.ok(html.includes(`<link rel="stylesheet" nonce="${nonce}" href="${base.styleUri}">`));
});

test('renderPanelHtml: escapes URIs and title, refuses a CSP source or nonce that could add directives', () => {
  const html = renderPanelHtml({ ...base, nonce: makeNonce(), scriptUri: 'x"><script>alert(1)</script>', title: '<b>t</b>' });
  assert.ok(html.includes('src="x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"'));
  assert.ok(html.includes('<title>&lt;b&gt;t&lt;/b&gt;</title>'));
  assert.throws(() => renderPanelHtml({ ...base, nonce: makeNonce(), cspSource: "x; script-src 'unsafe-inline'" }));
  assert.throws(() => renderPanelHtml({ ...base, nonce: "abc' 'unsafe-inline" }));
});

test("renderPanelHtml: a closed panel's state goes in as an attribute, escaped: a draft of HTML is text", () => {
  const state = JSON.stringify({ drafts: { '#general': '"><script>alert(1)</script>&amp;' } });
  const html = renderPanelHtml({ ...base, nonce: makeNonce(), state });
  assert.doesNotMatch(html, /<script>alert/);
  const attr = /data-state="([^"]*)"/.exec(html)?.[1] ?? '';
  const unescaped = attr.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  assert.equal(unescaped, state);
  assert.doesNotMatch(renderPanelHtml({ ...base, nonce: makeNonce() }), /data-state/);
});
