// What `tcp-chat host` says when its server cannot listen, and its exit code: a --bind that names no address of this
// machine is a wrong argument (2), said with the addresses it has; a busy or forbidden port is not (1).
import { formatAddress } from '../protocol/address';

/** The words and exit code for `err`, from listening on `bind`:`port`; `own`: this machine's IPv4 addresses. */
export function listenFailure(err: NodeJS.ErrnoException, bind: string, port: number, own: string[]): { message: string; code: number } {
  const addresses = ['127.0.0.1', ...own.filter((a) => a !== '127.0.0.1')].join(', ');
  const choose = `--bind takes an address of this machine (${addresses}), or 0.0.0.0 for every one`;
  switch (err.code) {
    case 'EADDRINUSE':
      return { message: `port ${port} on ${bind} is busy; try --port 0 for a free one`, code: 1 };
    case 'EADDRNOTAVAIL':
      return { message: `--bind ${bind}: not an address of this machine (${err.message}); ${choose}`, code: 2 };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      return { message: `--bind ${bind}: no address of that name (${err.message}); ${choose}`, code: 2 };
    case 'EACCES':
      return { message: `port ${port} on ${bind}: not allowed to listen there (${err.message}); ports below 1024 need more rights: try --port 0 for a free one`, code: 1 };
    default:
      return { message: `cannot listen on ${formatAddress({ host: bind, port })}: ${err.message}`, code: 1 };
  }
}
