// The chat panel's HTML: a pure function (no `vscode` import) so the extension and the webview tests use the
// very same markup and Content-Security-Policy. The panel loads one script and two style sheets, all by URI.
import { randomBytes } from 'node:crypto';

export interface PanelHtmlOptions {
  /** `webview.cspSource`: the origin webview resources are served from. */
  cspSource: string;
  /** A fresh random nonce per render (see makeNonce). */
  nonce: string;
  /** `asWebviewUri` of dist/webview.js. */
  scriptUri: string;
  /** `asWebviewUri` of dist/chat.css (media/chat.css as the build minifies it). */
  styleUri: string;
  /** `asWebviewUri` of dist/icons.css (the codicons the panel draws). */
  iconsUri: string;
  title?: string;
  /** The state a closed panel kept (its last `uiState`, JSON), for this one to go on with. */
  state?: string;
}

/** A nonce for the CSP: 18 random bytes, base64 (24 characters, no padding). */
export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

const escapeAttr = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function renderPanelHtml(o: PanelHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]+$/.test(o.nonce)) throw new Error('nonce must be base64');
  // The CSP source goes into the policy verbatim, so it must not be able to add a directive. It may be a
  // space-separated list (code-server gives "'self' https://*.vscode-cdn.net"): each source is checked.
  const sources = o.cspSource.trim().split(/\s+/).filter(Boolean);
  if (sources.length === 0 || sources.some((src) => !/^(?:'self'|[^;,\s'"]+)$/.test(src))) throw new Error('bad cspSource');
  const csp = [
    "default-src 'none'",
    `style-src ${o.cspSource} 'nonce-${o.nonce}'`,
    `img-src ${o.cspSource} data:`,
    `script-src 'nonce-${o.nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const n = escapeAttr(o.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${n}" href="${escapeAttr(o.iconsUri)}">
<link rel="stylesheet" nonce="${n}" href="${escapeAttr(o.styleUri)}">
<title>${escapeAttr(o.title ?? 'TCP Chat')}</title>
</head>
<body>
<main id="app" class="app" aria-busy="true"${o.state !== undefined ? ` data-state="${escapeAttr(o.state)}"` : ''}></main>
<script nonce="${n}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}
