// JS heap per idle rich connection of the chat server, after full garbage collections: the server runs in
// this process (from src/, through tsx), the clients in a child process. For changes too small for RSS to
// show (RSS at 10,000 clients moves by megabytes between runs).
//   node --expose-gc --import tsx bench/tools/heap-per-conn.mts [clients=3000]
import { fork } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const n = Number(process.argv[3] ?? process.argv[2] ?? 3000);

if (process.argv[2] === 'clients') {
  // child: n rich clients on port argv[4], each says hello and waits; tells the parent when all are in
  const port = Number(process.argv[4]);
  let ready = 0;
  for (let i = 0; i < n; i++) {
    const s = net.connect({ port, host: '127.0.0.1' }, () => s.write(`{"type":"hello","v":1,"nick":"h${i}","client":"heap"}\n`));
    let seen = '';
    const onData = (d: Buffer) => {
      seen += d.toString('latin1');
      if (!seen.includes('"type":"synced"')) return;
      s.off('data', onData);
      s.resume();
      if (++ready === n) process.send?.('ready');
    };
    s.on('data', onData);
    s.on('error', () => {});
    if (i % 50 === 49) await new Promise((r) => setTimeout(r, 20));
  }
  process.on('disconnect', () => process.exit(0));
} else {
  const { ChatServer } = await import('../../src/node/chatServer.ts');
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc --import tsx');
  const big = 1_000_000;
  const server = new ChatServer({ host: '127.0.0.1', port: 0, limits: { maxClients: big, maxClientsPerAddress: big, maxClientsPerRoom: big, connectBurst: big, connectsPerSecond: big } });
  const { port } = await server.listen();
  const heap = async () => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 200));
    }
    return process.memoryUsage().heapUsed;
  };
  const before = await heap();
  const child = fork(fileURLToPath(import.meta.url), ['clients', String(n), String(port)], { execArgv: ['--import', 'tsx'] });
  const timer = setTimeout(() => { console.error('clients not all in after 120 s'); process.exit(1); }, 120_000);
  await new Promise((r) => child.once('message', r));
  clearTimeout(timer);
  await new Promise((r) => setTimeout(r, 1500)); // joins and leaves wait up to 100 ms; let every round finish
  const after = await heap();
  console.log(`${n} idle rich clients: JS heap ${((after - before) / 2 ** 20).toFixed(1)} MB, ${((after - before) / n / 1024).toFixed(2)} KB per connection`);
  child.kill();
  await server.close();
  process.exit(0);
}
