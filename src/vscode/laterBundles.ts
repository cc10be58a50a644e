// The bundles the extension loads when a command first needs them, from dist/ beside dist/extension.js: the chat
// server (dist/server.js, about 40% of what the extension would otherwise load at activation; Host Chat only),
// Save Conversation's Markdown writer (dist/transcript.js, about 12 KB; a command run now and then) and Apply's
// and Open's searches for a card's lines (dist/codeSearch.js, about 7 KB; a card's first Open or Apply).

import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ChatServer, ChatServerOptions } from '../node/chatServer';

type ServerModule = typeof import('../node/chatServer');
type TranscriptModule = typeof import('../transcript');
type CodeSearchModule = typeof import('../codeSearch');

const loaded = new Map<string, unknown>();

/** The module of `file` in the extension's folder, read on the first call. Only in the bundled extension: __dirname is dist/. */
function besideExtension<T>(file: string): T {
  // a path esbuild cannot follow, so the module stays out of the extension's bundle
  if (!loaded.has(file)) loaded.set(file, createRequire(__filename)(join(__dirname, file)));
  return loaded.get(file) as T;
}

/** A server from dist/server.js. */
export function bundledServer(o: ChatServerOptions): ChatServer {
  return new (besideExtension<ServerModule>('server.js').ChatServer)(o);
}

/** The transcript's functions, from dist/transcript.js. */
export function transcripts(): TranscriptModule {
  return besideExtension<TranscriptModule>('transcript.js');
}

/** Open's and Apply's searches for a card's lines in a copy of its file, from dist/codeSearch.js. */
export function codeSearch(): CodeSearchModule {
  return besideExtension<CodeSearchModule>('codeSearch.js');
}
