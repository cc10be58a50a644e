// Starts the chat server from its own bundle, dist/server.js beside dist/extension.js: the server is about 40%
// of what the extension would otherwise load at activation, and only Host Chat needs it.

import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ChatServer, ChatServerOptions } from '../node/chatServer';

type ServerModule = typeof import('../node/chatServer');

let loaded: ServerModule | undefined;

/** A server from dist/server.js (read on the first call). Only in the bundled extension: __dirname is dist/. */
export function bundledServer(o: ChatServerOptions): ChatServer {
  // a path esbuild cannot follow, so the server stays out of the extension's bundle
  loaded ??= createRequire(__filename)(join(__dirname, 'server.js')) as ServerModule;
  return new loaded.ChatServer(o);
}
