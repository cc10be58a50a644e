// The host's own seat leaving its room: what the room said is shown said, what it never took is listed to send
// again, never both (a line the server took from the loopback socket, its ack on the way, was listed, then said).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { ChatClient } from '../../src/node/chatClient';
import { leaveOwnRoom } from '../../src/cli/leaveOwnRoom';
import { RawRich, startServer, until } from '../node/helpers';

/**
 * A loopback link between the host's client and its server that holds what a side sends once told (a busy process,
 * a full socket): what the server says from `holdDown()` until the server ends the connection, then all of it before
 * that end; what the client sends from `holdUp()` for good (the server never reads it). Each end's close goes
 * across as TCP's does.
 */
async function slowLink(port: number): Promise<{ port: number; holdDown: () => void; holdUp: () => void; heldUp: () => number; stop: () => void }> {
  let [holdingDown, holdingUp] = [false, false];
  let heldUp = 0;
  const sockets = new Set<Socket>();
  const link = createServer({ allowHalfOpen: true }, (client) => {
    const server = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    for (const s of [client, server]) {
      sockets.add(s);
      s.on('error', () => {});
    }
    const down: Buffer[] = [];
    client.on('data', (d: Buffer) => (holdingUp ? (heldUp += d.length) : server.write(d)));
    client.on('end', () => server.end());
    server.on('data', (d: Buffer) => (holdingDown ? down.push(d) : client.write(d)));
    server.on('end', () => {
      for (const d of down.splice(0)) client.write(d);
      client.end();
    });
    client.on('close', () => server.destroy());
    server.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => link.listen(0, '127.0.0.1', () => r()));
  return {
    port: (link.address() as AddressInfo).port,
    holdDown: () => (holdingDown = true),
    holdUp: () => (holdingUp = true),
    heldUp: () => heldUp,
    stop: () => {
      for (const s of sockets) s.destroy();
      link.close();
    },
  };
}

test("the host stops waiting with lines on the way: the one its room took is said before the room closes, not listed; the one it never read is listed, and nothing is said after the list", async () => {
  const { server, port } = await startServer();
  const link = await slowLink(port);
  const host = new ChatClient({ host: '127.0.0.1', port: link.port, nick: 'boss', ownerKey: server.ownerKey, pingAfterMs: Infinity });
  const other = await RawRich.join(port, 'ann');
  try {
    await host.connect();
    await until(() => host.rooms.get('general') !== undefined || undefined, 'the host in #general');
    const seen: string[] = [];
    host.on('server', (m) => {
      if (m.type === 'message' && m.from === 'boss') seen.push(`said: ${m.text}`);
    });
    link.holdDown();
    host.send('general', 'taken');
    // (the room took it: the others have it; its ack, and the host's copy, are on their way)
    await other.next('message', (m) => m.type === 'message' && m.text === 'taken');
    link.holdUp();
    host.send('general', 'never read');
    await until(() => link.heldUp() > 0 || undefined, 'the second line on its way');
    assert.equal(host.unacknowledged, 2);
    const n = await leaveOwnRoom(host, server, 'the host closed the room', true, () => true, (line) => seen.push(line), () => []);
    // (and no "(some may have reached the room)": the room answered all it read before it closed)
    assert.deepEqual(seen, ['said: taken', '-- 1 message was not sent (you stopped waiting); to send again in #general:', 'never read']);
    assert.equal(n, 1);
    // (the others: the line it took, then the room's close; "boss left" never came before it)
    await other.next('shutdown');
    assert.deepEqual(other.messages(), ['boss: taken']);
    assert.ok(!other.received.some((m) => m.type === 'leave'), JSON.stringify(other.received.slice(-3)));
  } finally {
    await host.leave();
    other.close();
    link.stop();
  }
});
