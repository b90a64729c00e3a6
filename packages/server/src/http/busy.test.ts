import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { busyWithRequests } from './busy.js';

test('the server is busy while four requests are in flight, and not once they end or their clients leave', async () => {
  const answers: (() => void)[] = [];
  const server = createServer((_req, res) => answers.push(() => res.end('ok')));
  const busy = busyWithRequests(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const send = () => {
    const req = request({ port, host: '127.0.0.1', agent: false });
    const done = new Promise<void>((resolve) => {
      req.on('response', (res) => res.resume().on('end', resolve));
      req.on('error', () => resolve());
    });
    req.end();
    return { req, done };
  };
  const until = async (ok: () => boolean) => {
    for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  };
  try {
    const three = [send(), send(), send()];
    await until(() => answers.length === 3);
    assert.equal(busy(), false, 'three requests in flight are a light load');
    const fourth = send();
    await until(() => answers.length === 4);
    assert.equal(busy(), true, 'four requests in flight: busy');
    fourth.req.destroy();
    await until(() => !busy());
    assert.equal(busy(), false, 'a client that went away no longer counts');
    for (const answer of answers.splice(0)) answer();
    await Promise.all(three.map((r) => r.done));
    const again = [send(), send(), send(), send()];
    await until(() => answers.length === 4);
    assert.equal(busy(), true);
    for (const answer of answers.splice(0)) answer();
    await Promise.all(again.map((r) => r.done));
    assert.equal(busy(), false, 'answered requests no longer count');
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
