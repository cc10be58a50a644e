// The licences of the third-party code the bundles carry (esbuild's `legalComments: 'none'` keeps none of their
// comments, and MIT, BSD and Apache all ask that their notice go with the code): one text file beside the bundles,
// dist/THIRD-PARTY-NOTICES.txt, in the .vsix and in npm's package of the terminal command (which carries
// markdown-it-emoji's names for Tab). A `--watch` build writes none: `npm run package` builds anew.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The packages whose files are among the inputs of esbuild `metafiles` (`node_modules/<name>/...`,
 * `node_modules/@scope/<name>/...`, nested ones by their innermost node_modules), each with the bundles that hold it.
 */
export function bundledPackages(metafiles) {
  const found = new Map();
  for (const [bundle, meta] of Object.entries(metafiles)) {
    for (const input of Object.keys(meta.inputs)) {
      const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!(?:.*\/)?node_modules\/)/.exec(input);
      if (!m) continue;
      const dir = input.slice(0, m.index + m[0].length - 1);
      const entry = found.get(dir) ?? { name: m[1], dir, bundles: new Set() };
      entry.bundles.add(bundle);
      found.set(dir, entry);
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name) || a.dir.localeCompare(b.dir));
}

/** The licence text in a package's folder (LICENSE, LICENCE, COPYING, LICENSE-MIT.txt...: the first by name), or undefined. */
function licenceText(dir) {
  const file = readdirSync(dir).sort().find((f) => /^(licen[cs]e|copying)([-.][\w.-]*)?$/i.test(f));
  return file ? readFileSync(join(dir, file), 'utf8').trim() : undefined;
}

/**
 * The notices for `packages` (bundledPackages's, plus any whose files a bundle takes another way, as the icons'
 * SVGs): name, version, licence and its text (or the package's `notice`, where its licence asks for less than its
 * whole text); a package with no text of its licence in its folder says so.
 */
export function noticesText(packages) {
  const parts = [
    'Third-party software in TCP Chat\'s bundles (dist/), with the licence each is used under.',
    '',
  ];
  for (const p of packages) {
    const pkg = JSON.parse(readFileSync(join(p.dir, 'package.json'), 'utf8'));
    const text = p.notice ?? licenceText(p.dir);
    parts.push('='.repeat(78), `${pkg.name} ${pkg.version}, licence ${pkg.license ?? 'below'}, in ${[...p.bundles].sort().join(', ')}`, '='.repeat(78), '', text ?? `(no licence file in the package: its package.json says ${pkg.license ?? 'nothing'})`, '');
  }
  return parts.join('\n');
}
