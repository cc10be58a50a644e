// Save Conversation as Markdown writes its transcript with the code of dist/transcript.js, beside dist/extension.js:
// about 12 KB the extension's bundle would otherwise load at activation, for a command run now and then.

import { createRequire } from 'node:module';
import { join } from 'node:path';

type TranscriptModule = typeof import('../transcript');

let loaded: TranscriptModule | undefined;

/** The transcript's functions, from dist/transcript.js (read on the first call). Only in the bundled extension: __dirname is dist/. */
export function transcripts(): TranscriptModule {
  // a path esbuild cannot follow, so the transcript stays out of the extension's bundle
  loaded ??= createRequire(__filename)(join(__dirname, 'transcript.js')) as TranscriptModule;
  return loaded;
}
