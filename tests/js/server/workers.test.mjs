// Rooms are placed on the least-loaded media worker (NUM_WORKERS=2); /metrics shows the load per worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, connect, request, join, closeAll, countsEventually } from './helpers.mjs';

let server;
before(async () => { server = await startServer({ NUM_WORKERS: '2' }); });
after(async () => { await server?.stop(); });

async function perWorker(name) {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  const out = {};
  for (const m of text.matchAll(new RegExp(`^vibezlive_worker_${name}\\{worker="(\\d+)"\\} (\\d+)`, 'gm'))) out[m[1]] = Number(m[2]);
  return out;
}

test('a new room goes to the worker with the fewest transports', async () => {
  const a = await connect(server.baseUrl);
  await join(a, `busy-${process.pid}`);
  assert.ok((await request(a, 'createWebRtcTransport', { sender: true })).id);
  assert.ok((await request(a, 'createWebRtcTransport', { sender: false })).id);
  const loadA = await perWorker('transports');
  assert.equal(Object.keys(loadA).length, 2, JSON.stringify(loadA));
  const busy = Object.keys(loadA).find((w) => loadA[w] === 2);
  assert.ok(busy !== undefined, JSON.stringify(loadA));

  const b = await connect(server.baseUrl);
  await join(b, `quiet-${process.pid}`);
  assert.ok((await request(b, 'createWebRtcTransport', { sender: true })).id);
  const routers = await perWorker('routers');
  assert.deepEqual(routers, { 0: 1, 1: 1 }, 'one room per worker');
  const loadB = await perWorker('transports');
  assert.equal(loadB[busy], 2);
  assert.equal(loadB[busy === '0' ? '1' : '0'], 1);
  closeAll(a, b);
  const zero = { rooms: 0, peers: 0, transports: 0, producers: 0, consumers: 0 };
  assert.deepEqual(await countsEventually(server.baseUrl, zero), zero);
  assert.deepEqual(await perWorker('routers'), { 0: 0, 1: 0 });
});
