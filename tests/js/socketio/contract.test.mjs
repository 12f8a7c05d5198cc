// The conformance host's own contract timings (pingInterval 300 ms, pingTimeout 200 ms, connectTimeout 1 s,
// maxHttpBufferSize 1,000,000): announced in the handshake and applied to a silent client.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHost, sleep, LIMIT, closeAll, track } from './host.mjs';

let host;
before(async () => { host = await startHost(); });
after(async () => { closeAll(); await host?.stop(); });

test('handshake announces the contract values', LIMIT, async () => {
  const body = await (await fetch(`${host.baseUrl}/socket.io/?EIO=4&transport=polling`)).text();
  const open = JSON.parse(body.slice(1));
  assert.equal(open.pingInterval, 300);
  assert.equal(open.pingTimeout, 200);
  assert.equal(open.maxPayload, 1_000_000);
});

test('a silent client is gone after pingInterval + pingTimeout (500 ms)', LIMIT, async () => {
  const url = `${host.baseUrl}/socket.io/?EIO=4&transport=polling`;
  const sid = JSON.parse((await (await fetch(url)).text()).slice(1)).sid;
  await fetch(`${url}&sid=${sid}`, { method: 'POST', body: '40' });
  await sleep(1200);
  const res = await fetch(`${url}&sid=${sid}`);
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), { code: 1, message: 'Session ID unknown' });
});
