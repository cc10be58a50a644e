import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listenFailure } from '../../src/cli/listenFailure';

const err = (code: string, message: string) => Object.assign(new Error(message), { code });

test('a --bind that is no address of this machine is a wrong argument, said with the addresses it has; a busy or forbidden port is not', () => {
  assert.deepEqual(listenFailure(err('ENOTFOUND', 'getaddrinfo ENOTFOUND 999.1.1.1'), '999.1.1.1', 0, ['192.168.1.20']), {
    message: '--bind 999.1.1.1: no address of that name (getaddrinfo ENOTFOUND 999.1.1.1); --bind takes an address of this machine (127.0.0.1, 192.168.1.20), or 0.0.0.0 for every one',
    code: 2,
  });
  assert.deepEqual(listenFailure(err('EADDRNOTAVAIL', 'listen EADDRNOTAVAIL: address not available 192.0.2.1'), '192.0.2.1', 4000, []), {
    message: '--bind 192.0.2.1: not an address of this machine (listen EADDRNOTAVAIL: address not available 192.0.2.1); --bind takes an address of this machine (127.0.0.1), or 0.0.0.0 for every one',
    code: 2,
  });
  assert.deepEqual(listenFailure(err('EADDRINUSE', 'listen EADDRINUSE'), '0.0.0.0', 55555, []), { message: 'port 55555 on 0.0.0.0 is busy; try --port 0 for a free one', code: 1 });
  assert.match(listenFailure(err('EACCES', 'listen EACCES: permission denied 0.0.0.0:80'), '0.0.0.0', 80, []).message, /^port 80 on 0\.0\.0\.0: not allowed to listen there \(listen EACCES: permission denied 0\.0\.0\.0:80\); ports below 1024 need more rights: try --port 0 for a free one$/);
  assert.deepEqual(listenFailure(err('EMFILE', 'too many open files'), '::', 1, []), { message: 'cannot listen on [::]:1: too many open files', code: 1 });
});
