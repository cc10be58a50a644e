// Type-checks every layer with its own tsconfig, so a layer that imports what it must not fails here.
import { spawnSync } from 'node:child_process';
const projects = ['src/protocol', 'src/node', 'src/vscode', 'src/webview', '.'];
let failed = false;
for (const p of projects) {
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', p], { stdio: 'inherit' });
  if (r.status !== 0) { console.error(`typecheck failed: ${p}`); failed = true; }
}
process.exit(failed ? 1 : 0);
