import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { apiClient, testApp, world } from '../../../test/helpers.js';

test('while closing, a request arriving on an open keep-alive socket gets 503 in the API error shape and the socket is closed', async (t) => {
  const w = await world(t);
  const app = await testApp(t, w);
  const { token } = await apiClient(app, w.services, w.north.admin);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  const sock = connect(port, '127.0.0.1');
  let got = '';
  sock.setEncoding('utf8');
  sock.on('data', (d) => {
    got += d;
  });
  const ended = new Promise<void>((res) => sock.on('close', () => res()));
  await new Promise<void>((res) => sock.once('connect', () => res()));
  const body = JSON.stringify({ name: 'in flight', role: 'viewer' });
  // The first request is in flight (its body half sent) when closing starts, so its socket is busy.
  sock.write(
    `POST /api/v1/tokens HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${token}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body.slice(0, 5)}`,
  );
  await new Promise((r) => setTimeout(r, 100));
  // A second keep-alive socket, open but between requests, like a client about to send its next.
  const sock2 = connect(port, '127.0.0.1');
  let got2 = '';
  sock2.setEncoding('utf8');
  sock2.on('data', (d) => {
    got2 += d;
  });
  const ended2 = new Promise<void>((res) => sock2.on('close', () => res()));
  await new Promise<void>((res) => sock2.once('connect', () => res()));
  const closed = app.close();
  await new Promise((r) => setTimeout(r, 50));
  sock.write(body.slice(5));
  await ended;
  sock2.write(`GET /api/v1/me HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${token}\r\n\r\n`);
  await ended2;
  await closed;
  assert.match(got, /^HTTP\/1\.1 201/, 'the request in flight when closing began finishes');
  assert.match(got, /connection: close/i, 'and its socket is closed after the answer');
  assert.match(got2, /^HTTP\/1\.1 503/);
  assert.match(got2, /connection: close/i);
  const json = JSON.parse(got2.slice(got2.indexOf('\r\n\r\n') + 4));
  assert.deepEqual(Object.keys(json), ['error']);
  assert.equal(json.error.code, 'server.shutting_down');
  const tokens = await w.database.exec("select name from api_tokens where name = 'in flight'");
  assert.equal(tokens.rows.length, 1);
});
