// Lint config: typescript-eslint's recommended rules, ES private members in src, plus the layer boundaries of DESIGN.md
// as import rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'net', 'tls', 'fs', 'os', 'path', 'crypto', 'child_process', 'readline', 'util', 'events', 'stream'];
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'out/**', 'bench/results/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: ':matches(PropertyDefinition, MethodDefinition, TSAbstractPropertyDefinition, TSParameterProperty)[accessibility="private"]',
        message: 'Use an ES private member (#name): the minifier shortens its name, a TypeScript `private` one keeps it in the bundles.',
      }],
    },
  },
  { files: ['src/protocol/**/*.ts'], rules: restrict([...nodeBuiltins, 'vscode', '../node/*', '../vscode/*', '../webview/*', '../cli*', '../shared/*'], 'src/protocol is pure: no Node, no vscode, no other layer.') },
  { files: ['src/node/**/*.ts', 'src/cli.ts', 'src/server.ts', 'src/cli/**/*.ts'], rules: restrict(['vscode', '../vscode/*', '../webview/*', './vscode/*', './webview/*'], 'The Node core and CLI never import vscode or the webview.') },
  { files: ['src/codeSearch.ts'], rules: restrict([...nodeBuiltins, 'vscode', './node/*', './vscode/*', './webview/*', './cli*', './shared/*'], "Open's and Apply's bundle is the protocol's pure search: no Node, no vscode, no other layer.") },
  { files: ['src/webview/**/*.ts'], rules: restrict([...nodeBuiltins, 'vscode', '../node/*', '../vscode/*', '../cli*'], 'The webview talks to the extension only through src/shared.') },
  { files: ['src/shared/**/*.ts'], rules: restrict([...nodeBuiltins, 'vscode', '../node/*', '../vscode/*', '../webview/*', '../cli*'], 'src/shared holds types only.') },
);
