// A transport that fails (here: ICE never connects within Media:IceConnectTimeout) closes exactly its own objects:
// the peer stays in the room, its consumers are reported with consumerClosed, consumers of its producers with
// producerClosed, and it may create a new transport.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, connect, request, waitFor, counts, countsEventually, join, closeAll,
  audioRtpParameters, deviceCapabilities,
} from './helpers.mjs';

let server;
before(async () => { server = await startServer({ Media__IceConnectTimeout: '00:00:02' }); });
after(async () => { await server?.stop(); });

test('transports that never connect close with their producers and consumers; peers stay in the room', async () => {
  const roomId = `ice-timeout-${process.pid}`;
  const a = await connect(server.baseUrl, { displayName: 'A' });
  const b = await connect(server.baseUrl, { displayName: 'B' });
  const aJoin = await join(a, roomId);
  await join(b, roomId);
  await request(a, 'createWebRtcTransport', { sender: true });
  const bRecv = await request(b, 'createWebRtcTransport', { sender: false });
  assert.ok(bRecv.id);
  const audio = await request(a, 'produce', { kind: 'audio', rtpParameters: audioRtpParameters(), appData: {} });
  assert.ok(audio.id, JSON.stringify(audio));
  const consumer = await request(b, 'consume', { producerId: audio.id, rtpCapabilities: deviceCapabilities(aJoin.routerRtpCapabilities) });
  assert.ok(consumer.id, JSON.stringify(consumer));
  assert.deepEqual(await counts(server.baseUrl), { rooms: 1, peers: 2, transports: 2, producers: 1, consumers: 1 });

  // Whichever transport times out first, B ends up told about its consumer exactly once.
  const closed = await Promise.race([
    waitFor(b, 'producerClosed', { timeoutMs: 15000 }).then((p) => ({ event: 'producerClosed', ...p })),
    waitFor(b, 'consumerClosed', { timeoutMs: 15000 }).then((p) => ({ event: 'consumerClosed', ...p })),
  ]);
  assert.equal(closed.consumerId, consumer.id);
  const after = await countsEventually(server.baseUrl, { rooms: 1, peers: 2, transports: 0, producers: 0, consumers: 0 }, 15000);
  assert.deepEqual(after, { rooms: 1, peers: 2, transports: 0, producers: 0, consumers: 0 });
  const told = b.events.filter((e) => (e.name === 'producerClosed' || e.name === 'consumerClosed') && e.args[0].consumerId === consumer.id);
  assert.equal(told.length, 1);

  // Still in the room: a new transport works.
  const again = await request(a, 'createWebRtcTransport', { sender: true });
  assert.ok(again.id, JSON.stringify(again));
  closeAll(a, b);
  assert.deepEqual(await countsEventually(server.baseUrl, { rooms: 0, peers: 0, transports: 0, producers: 0, consumers: 0 }), { rooms: 0, peers: 0, transports: 0, producers: 0, consumers: 0 });
});
