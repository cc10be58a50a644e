// Where a room is: `host:port` as people type it (`localhost:55555`, `10.0.0.5`, `[::1]:4000`).

export const DEFAULT_PORT = 55555;

export interface RoomAddress {
  host: string;
  port: number;
}

export type ParsedAddress = ({ ok: true } & RoomAddress) | { ok: false; error: string };

/** A host name: labels of letters, digits, `-` and `_` (a Docker Compose service, a Windows machine's name: `build_box`). */
const HOST_RE = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*$/;

/** Parses `host[:port]`; the port defaults to 55555. */
export function parseAddress(input: string, defaultPort = DEFAULT_PORT): ParsedAddress {
  const s = input.trim();
  if (s === '') return { ok: false, error: 'give an address like 127.0.0.1:55555' };
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(s)) return { ok: false, error: `"${s}" is a URL: give host:port, like 127.0.0.1:55555` };
  let host: string;
  let portText: string | undefined;
  // (an IPv6 address has a colon: `[dead]` is none; a link-local one may name its interface: `[fe80::1%eth0]`)
  const v6 = /^\[([0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(?:%[\w.-]+)?)\](?::(.*))?$/.exec(s);
  if (v6) {
    host = v6[1] ?? '';
    portText = v6[2];
  } else {
    const parts = s.split(':');
    if (parts.length > 2) {
      // (hex groups, maybe ending in an IPv4 address: an IPv6 address; anything else has a colon too many)
      const v6ish = /^[0-9A-Fa-f:]*(?:\d{1,3}(?:\.\d{1,3}){3})?$/.test(s);
      return { ok: false, error: v6ish ? `"${s}": write IPv6 addresses in brackets, like [::1]:55555` : `"${s}" is not host:port (like 127.0.0.1:55555)` };
    }
    host = parts[0] ?? '';
    portText = parts[1];
  }
  if (!v6 && !HOST_RE.test(host)) return { ok: false, error: `"${host}" is not a host name or IP address` };
  let port = defaultPort;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText)) return { ok: false, error: `"${portText}" is not a port number` };
    port = Number(portText);
    if (port < 1 || port > 65535) return { ok: false, error: `port ${port} is out of range (1-65535)` };
  }
  return { ok: true, host, port };
}

/** `host:port` of a host and a port as nc takes them, apart (an IPv6 host bare: `::1` and `4000` are `[::1]:4000`). */
export function joinHostPort(host: string, port: string): string {
  return `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

/** The netcat command line for an address: `nc host port` (netcat takes an IPv6 host bare: `nc ::1 4000`). */
export function netcatCommand(a: RoomAddress): string {
  return `nc ${a.host} ${a.port}`;
}

/** `host:port`, with brackets around IPv6 hosts. */
export function formatAddress(a: RoomAddress): string {
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}
