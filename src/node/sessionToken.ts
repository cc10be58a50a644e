// Session tokens: 16 random bytes as base64url, drawn from a pool of random bytes refilled 256 tokens at a
// time. Each randomBytes() call is a trip into OpenSSL and the kernel (~50 µs here); a crowd of 1,000 joining
// made 1,000 of them. Bytes are wiped from the pool as they are handed out.

import { randomBytes } from 'node:crypto';

const TOKEN_BYTES = 16;
const POOL_TOKENS = 256;

let pool = Buffer.alloc(0);
let at = 0;

export function newSessionToken(): string {
  if (at + TOKEN_BYTES > pool.length) {
    pool = randomBytes(TOKEN_BYTES * POOL_TOKENS);
    at = 0;
  }
  const bytes = pool.subarray(at, at + TOKEN_BYTES);
  const token = bytes.toString('base64url');
  bytes.fill(0);
  at += TOKEN_BYTES;
  return token;
}
