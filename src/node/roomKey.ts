// Room keys: the secret that makes a room private. Rich clients prove they hold it through TLS 1.3 with an
// external pre-shared key (no certificate): the handshake fails without it, and everything after is encrypted.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ConnectionOptions, TLSSocket, TlsOptions } from 'node:tls';

/** The PSK identity every client presents; the key itself is the secret. */
export const PSK_IDENTITY = 'tcp-chat/1';

/** TLS 1.3 only; the suites OpenSSL offers with a SHA-256 PSK. */
export const TLS_OPTIONS = { minVersion: 'TLSv1.3', ciphers: 'TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256' } as const;

/** A new random room key: 24 bytes (192 bits), base64url (32 characters). */
export function createRoomKey(): string {
  return randomBytes(24).toString('base64url');
}

/** The 32-byte PSK both sides derive from the room key. */
export function pskFromKey(key: string): Buffer {
  return createHash('sha256').update(`tcp-chat psk v1\0${key}`).digest();
}

/** Constant-time comparison of two secrets. */
export function sameSecret(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

/**
 * A TLS server's options for the room key `key()` says at each handshake (the owner's /newkey changes it);
 * `used` hears which key each connection's handshake was made with.
 */
export function serverTlsOptions(key: () => string, handshakeTimeout: number, used?: (socket: TLSSocket, key: string) => void): TlsOptions {
  let last: { key: string; psk: Buffer } | undefined;
  return {
    ...TLS_OPTIONS,
    handshakeTimeout,
    pskCallback: (socket, identity) => {
      // null fails the handshake: an unknown identity never gets in
      if (identity !== PSK_IDENTITY) return null;
      const k = key();
      if (last?.key !== k) last = { key: k, psk: pskFromKey(k) };
      used?.(socket, k);
      return last.psk;
    },
  };
}

/** Why a client of a private room leaves a server that showed a certificate rather than the room key. */
export const IMPOSTOR = 'the server showed a certificate, not the room key: it is not the room of this invite';

export function clientTlsOptions(host: string, port: number, key: string): ConnectionOptions {
  const psk = pskFromKey(key);
  return {
    host,
    port,
    ...TLS_OPTIONS,
    pskCallback: () => ({ psk, identity: PSK_IDENTITY }),
    // there is no certificate: the PSK authenticates the server (only the host knows the key). A server may leave the
    // PSK aside and show a certificate instead, which Node checks against its CAs only: any public CA's, for any
    // name, let a server without the key pass for the room (what members typed, their session, the owner key).
    // The room's own server shows none
    checkServerIdentity: (_host, cert) => (cert !== undefined && Object.keys(cert).length > 0 ? new Error(IMPOSTOR) : undefined),
  };
}
