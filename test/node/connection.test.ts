import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { Connection } from '../../src/node/connection';
import { until } from './helpers';

test('close() sends what was queued and its last words whole, multi-byte characters included', async () => {
  let serverSide: Socket | undefined;
  const server = createServer((s) => (serverSide = s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const client = connect({ host: '127.0.0.1', port: (server.address() as AddressInfo).port });
  let got = Buffer.alloc(0);
  let ended = false;
  client.on('data', (d: Buffer) => (got = Buffer.concat([got, d])));
  client.on('end', () => (ended = true));
  try {
    const s = await until(() => serverSide, 'the connection');
    const conn = new Connection(s, { maxBuffered: 1 << 20 });
    conn.write('queued first\n');
    conn.close('last words: café — “ok” 🎉\n');
    await until(() => ended || undefined, 'the end of the stream');
    assert.equal(got.toString('utf8'), 'queued first\nlast words: café — “ok” 🎉\n');
  } finally {
    client.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  }
});
