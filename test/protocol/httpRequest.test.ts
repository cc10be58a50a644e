import { test } from 'node:test';
import assert from 'node:assert/strict';
import { httpRefusal, isHttpRequestLine } from '../../src/protocol/httpRequest';

test('an HTTP request line is told from a nickname', () => {
  for (const line of ['GET / HTTP/1.1', 'GET /some/path?x=1 HTTP/1.0', 'POST /api HTTP/1.1', 'OPTIONS * HTTP/1.1', 'PRI * HTTP/2.0', 'HEAD http://127.0.0.1:55555/ HTTP/1.1', 'FOO / HTTP/1.1', `GET /${'x'.repeat(5000)} HTTP/1.1`]) {
    assert.equal(isHttpRequestLine(line), true, line);
  }
  for (const nick of ['GET', 'GETTER', 'get / http/1.1', 'GET me a coffee', 'bob', 'POST office', '']) assert.equal(isHttpRequestLine(nick), false, nick);
});

test('the refusal is a whole HTTP response whose length is its body', () => {
  const r = httpRefusal();
  const [head, body] = r.split('\r\n\r\n') as [string, string];
  assert.match(head, /^HTTP\/1\.1 400 Bad Request\r\n/);
  assert.equal(Number(/Content-Length: (\d+)/.exec(head)?.[1]), Buffer.byteLength(body));
  assert.match(body, /not a web server/);
  // the command as installed: `npx tcp-chat` would fetch and run whatever npm has under that name
  assert.match(body, /the tcp-chat command \(tcp-chat join HOST:PORT\)/);
  assert.doesNotMatch(body, /npx/);
});
