// The panel's icons as one small style sheet: each codicon the panel draws (src/webview/iconNames.ts) becomes a
// CSS mask of its SVG from @vscode/codicons, painted in the text colour, instead of the whole codicon font (125 KB).
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { optimize } from 'svgo';

const ICONS = 'node_modules/@vscode/codicons/src/icons';

/**
 * What the third-party notices say of the icons. CC BY 4.0 (3(a)(1)) asks for the creator, a copyright notice, the
 * licence by its text or its URI, and whether the material was changed: its URI here, not its 18 KB of text (5.5 KB
 * of the .vsix).
 */
export const CODICONS_NOTICE = [
  'Codicons (https://github.com/microsoft/vscode-codicons), Copyright (c) Microsoft Corporation.',
  'Licensed under the Creative Commons Attribution 4.0 International licence (CC BY 4.0),',
  'https://creativecommons.org/licenses/by/4.0/legalcode, and provided as is, without warranties (its section 5).',
  'Changed here: only the icons the panel draws, each an SVG of the package as a CSS mask, its paths written',
  'shorter by svgo, to two decimals (dist/icons.css, made by scripts/iconsCss.mjs).',
].join('\n');

/** The names in src/webview/iconNames.ts (compiled and imported, so the list has one home). */
export async function iconNames() {
  const out = await esbuild.build({ entryPoints: ['src/webview/iconNames.ts'], write: false, format: 'esm', logLevel: 'warning' });
  const mod = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
  return mod.ICON_NAMES;
}

/** `svg` as the text of a data: URL inside `url("...")`: its quotes made single, what a URL or CSS would read otherwise escaped. */
function dataText(svg) {
  return svg.replace(/\s+/g, ' ').replace(/"/g, "'").replace(/[%#<>{}\\\n]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * `svg` made smaller without a visible change: its paths as svgo writes them (relative, with the shorter curve or arc
 * where one draws the same, numbers to two decimals: 37% fewer characters than the codicons' absolute commands to
 * three; icons.test draws each beside its codicon), no width and height (the mask is sized by CSS), no
 * `fill='currentColor'` (a mask takes the shape's alpha, whatever its colour).
 */
export function shorterSvg(svg) {
  return optimize(svg, { multipass: true, floatPrecision: 2, plugins: ['preset-default', 'removeDimensions'] }).data.replace(/\s+fill=["']currentColor["']/g, '');
}

/** The style sheet for `names`: `.codicon` sized as the font was (1em square, 16px unless a rule says), one mask per name. */
export function iconsCss(names) {
  const rules = names.map((name) => {
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`bad icon name ${name}`);
    const svg = shorterSvg(readFileSync(`${ICONS}/${name}.svg`, 'utf8').trim());
    return `.codicon-${name}{mask-image:url("data:image/svg+xml,${dataText(svg)}")}`;
  });
  return [
    '/* Icons: Codicons by Microsoft, CC BY 4.0 (https://github.com/microsoft/vscode-codicons), the ones the panel draws, changed (THIRD-PARTY-NOTICES.txt). */',
    '.codicon{display:inline-block;width:1em;height:1em;font-size:16px;line-height:1;flex:none;background-color:currentColor;mask-position:center;mask-size:100% 100%;mask-repeat:no-repeat;user-select:none}',
    // (forced colours, Windows high contrast, would paint the background, and so the icon, in the page's colour)
    '@media (forced-colors:active){.codicon{forced-color-adjust:none}}',
    '@keyframes codicon-spin{100%{transform:rotate(360deg)}}',
    '.codicon-modifier-spin{animation:codicon-spin 1s cubic-bezier(.53,.21,.29,.67) infinite}',
    ...rules,
    '',
  ].join('\n');
}
