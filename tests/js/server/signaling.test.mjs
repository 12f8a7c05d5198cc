// Every row of PROTOCOL.md's two tables, driven by the real socket.io-client against the real server process.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, connect, request, waitFor, noEvent, counts, countsEventually, join, closeAll, sleep,
  audioRtpParameters, videoRtpParameters, deviceCapabilities, clientDtlsParameters,
} from './helpers.mjs';

let server;
let baseline;
before(async () => {
  server = await startServer();
  baseline = await counts(server.baseUrl);
});
after(async () => { await server?.stop(); });

const ZERO = { rooms: 0, peers: 0, transports: 0, producers: 0, consumers: 0 };
let roomSeq = 0;
const newRoom = (prefix = 'room') => `${prefix}-${process.pid}-${++roomSeq}`;

/** A peer in a room with a send and a receive transport. */
async function peerWithTransports(roomId, displayName) {
  const socket = await connect(server.baseUrl, { displayName });
  const joined = await join(socket, roomId);
  const send = await request(socket, 'createWebRtcTransport', { sender: true });
  const recv = await request(socket, 'createWebRtcTransport', { sender: false });
  assert.equal(send.error, undefined, JSON.stringify(send));
  assert.equal(recv.error, undefined, JSON.stringify(recv));
  return { socket, joined, send, recv, caps: deviceCapabilities(joined.routerRtpCapabilities) };
}

test('metrics start at zero', () => {
  assert.deepEqual(baseline, ZERO);
});

test('joinRoom: ack first (peerId, roomId, capabilities, peers, producers), then routerCapabilities and currentProducers', async () => {
  const roomId = newRoom();
  const a = await connect(server.baseUrl, { displayName: 'Alice' });
  const order = [];
  a.onAny((name) => order.push(name));
  // The ack callback runs while the packet is processed (a promise continuation would run later).
  const ack = await new Promise((resolve) => a.emit('joinRoom', { roomId }, (res) => { order.push('ack'); resolve(res); }));
  assert.equal(ack.peerId, a.id);
  assert.equal(ack.roomId, roomId);
  assert.ok(ack.routerRtpCapabilities.codecs.some((c) => c.mimeType === 'audio/opus'));
  assert.ok(ack.routerRtpCapabilities.codecs.some((c) => c.mimeType === 'video/VP8'));
  assert.ok(Array.isArray(ack.routerRtpCapabilities.headerExtensions));
  assert.deepEqual(ack.peers, []);
  assert.deepEqual(ack.producers, []);
  const caps = await waitFor(a, 'routerCapabilities');
  assert.deepEqual(caps.routerRtpCapabilities, ack.routerRtpCapabilities);
  const current = await waitFor(a, 'currentProducers');
  assert.deepEqual(current, { producers: [] });
  assert.deepEqual(order.filter((n) => ['ack', 'routerCapabilities', 'currentProducers'].includes(n)), ['ack', 'routerCapabilities', 'currentProducers']);

  // A second peer: the first hears newPeer; the ack lists the others (not the joiner); joinRoom's displayName wins.
  const b = await connect(server.baseUrl, { displayName: 'handshake-name' });
  const bAck = await join(b, roomId, { displayName: 'Bob' });
  assert.deepEqual(bAck.peers, [{ peerId: a.id, displayName: 'Alice' }]);
  assert.deepEqual(await waitFor(a, 'newPeer'), { peerId: b.id, displayName: 'Bob' });
  assert.ok(await noEvent(b, 'newPeer'));
  assert.deepEqual(await counts(server.baseUrl), { ...ZERO, rooms: 1, peers: 2 });
  closeAll(a, b);
  assert.deepEqual(await countsEventually(server.baseUrl, ZERO), ZERO);
});

test('an unknown event is still acked, once, with UNSUPPORTED (before and after joinRoom)', async () => {
  const a = await connect(server.baseUrl);
  const before = await request(a, 'produceData', { label: 'chat' });
  assert.equal(before.error.code, 'UNSUPPORTED');
  assert.match(before.error.message, /produceData/);
  await join(a, newRoom());
  const long = 'x'.repeat(500);
  const after = await request(a, long, {});
  assert.equal(after.error.code, 'UNSUPPORTED');
  assert.ok(after.error.message.length < 120, 'the echoed name is truncated');
  // The connection and the room membership are unaffected.
  assert.ok((await request(a, 'createWebRtcTransport', { sender: true })).id);
  assert.deepEqual(await request(a, 'leaveRoom', {}), {});
  closeAll(a);
  assert.deepEqual(await countsEventually(server.baseUrl, ZERO), ZERO);
});

test('a second joinRoom is BAD_REQUEST and leaves the peer where it was', async () => {
  const roomId = newRoom();
  const a = await connect(server.baseUrl);
  await join(a, roomId);
  const again = await request(a, 'joinRoom', { roomId: newRoom() });
  assert.equal(again.error.code, 'BAD_REQUEST');
  const same = await request(a, 'joinRoom', { roomId });
  assert.equal(same.error.code, 'BAD_REQUEST');
  const t = await request(a, 'createWebRtcTransport', { sender: true });
  assert.ok(t.id);
  assert.deepEqual(await counts(server.baseUrl), { ...ZERO, rooms: 1, peers: 1, transports: 1 });
  assert.deepEqual(await request(a, 'leaveRoom', {}), {});
  assert.deepEqual(await counts(server.baseUrl), ZERO);
  closeAll(a);
});

test('room events before joinRoom are NOT_IN_ROOM', async () => {
  const a = await connect(server.baseUrl);
  const cases = [
    ['createWebRtcTransport', { sender: true }],
    ['connectTransport', { sender: true, dtlsParameters: clientDtlsParameters() }],
    ['produce', { kind: 'audio', rtpParameters: audioRtpParameters(), appData: {} }],
    ['consume', { producerId: 'x', rtpCapabilities: { codecs: [], headerExtensions: [] } }],
    ['resumeConsumer', { consumerId: 'x' }],
    ['pauseConsumer', { consumerId: 'x' }],
    ['closeProducer', { producerId: 'x' }],
    ['pauseProducer', { producerId: 'x' }],
    ['resumeProducer', { producerId: 'x' }],
    ['kickPeer', { peerId: 'x', roomId: 'r' }],
    ['requestSync', { peerId: 'x' }],
    ['leaveRoom', {}],
    ['setConsumerPreferredLayers', { consumerId: 'x', spatialLayer: 0 }],
    ['restartIce', { sender: true }],
    ['getStats', { transportId: 'x' }],
  ];
  for (const [event, payload] of cases) {
    const ack = await request(a, event, payload);
    assert.equal(ack.error?.code, 'NOT_IN_ROOM', `${event}: ${JSON.stringify(ack)}`);
    assert.equal(typeof ack.error.message, 'string');
  }
  closeAll(a);
});

test('malformed payloads are BAD_REQUEST and never drop the connection', async () => {
  const a = await connect(server.baseUrl);
  const bad = [
    ['joinRoom', {}],
    ['joinRoom', { roomId: 42 }],
    ['joinRoom', { roomId: '' }],
    ['joinRoom', { roomId: 'x'.repeat(65) }],
    ['joinRoom', { roomId: 'has space' }],
    ['joinRoom', { roomId: 'ok', displayName: 7 }],
    ['joinRoom', { roomId: 'ok', displayName: 'n'.repeat(200) }],
    ['joinRoom', 'just a string'],
    ['joinRoom', [1, 2]],
  ];
  for (const [event, payload] of bad) {
    const ack = await request(a, event, payload);
    assert.equal(ack.error?.code, 'BAD_REQUEST', `${event} ${JSON.stringify(payload)}: ${JSON.stringify(ack)}`);
  }
  await join(a, newRoom());
  const inRoom = [
    ['createWebRtcTransport', {}],
    ['createWebRtcTransport', { sender: 'yes' }],
    ['connectTransport', { sender: true }],
    ['connectTransport', { sender: true, dtlsParameters: { role: 'client' } }],
    ['connectTransport', { sender: true, dtlsParameters: { role: 'client', fingerprints: [] } }],
    ['connectTransport', { sender: true, dtlsParameters: 'nope' }],
    ['produce', { kind: 'audio' }],
    ['produce', { kind: 'smell', rtpParameters: audioRtpParameters() }],
    ['produce', { kind: 'audio', rtpParameters: audioRtpParameters(), appData: 'x' }],
    ['produce', { kind: 'audio', rtpParameters: audioRtpParameters(), appData: { big: 'x'.repeat(10000) } }],
    ['produce', { kind: 'audio', rtpParameters: { codecs: 'opus' } }],
    ['consume', { producerId: 5, rtpCapabilities: {} }],
    ['consume', { producerId: 'p' }],
    ['resumeConsumer', {}],
    ['resumeConsumer', { consumerId: 'x'.repeat(100) }],
    ['setConsumerPreferredLayers', { consumerId: 'c', spatialLayer: -1 }],
    ['setConsumerPreferredLayers', { consumerId: 'c', spatialLayer: 'high' }],
    ['kickPeer', { peerId: 'p' }],
    ['requestSync', {}],
    ['getStats', {}],
    ['getStats', { transportId: 'a', producerId: 'b' }],
    ['restartIce', {}],
  ];
  for (const [event, payload] of inRoom) {
    const ack = await request(a, event, payload);
    assert.equal(ack.error?.code, 'BAD_REQUEST', `${event} ${JSON.stringify(payload).slice(0, 80)}: ${JSON.stringify(ack)}`);
  }
  assert.ok(a.connected);
  closeAll(a);
  assert.deepEqual(await countsEventually(server.baseUrl, ZERO), ZERO);
});

test('createWebRtcTransport returns mediasoup transport parameters; asking again replaces the old one', async () => {
  const roomId = newRoom();
  const a = await connect(server.baseUrl);
  await join(a, roomId);
  const t = await request(a, 'createWebRtcTransport', { sender: true });
  assert.equal(typeof t.id, 'string');
  assert.equal(typeof t.iceParameters.usernameFragment, 'string');
  assert.equal(typeof t.iceParameters.password, 'string');
  assert.equal(t.iceParameters.iceLite, true);
  assert.ok(t.iceCandidates.length >= 1);
  const c = t.iceCandidates[0];
  assert.equal(c.protocol, 'udp');
  assert.equal(c.type, 'host');
  assert.equal(typeof c.port, 'number');
  assert.equal(typeof c.priority, 'number');
  assert.equal(typeof c.foundation, 'string');
  assert.equal(c.ip ?? c.address, '127.0.0.1');
  assert.equal(t.dtlsParameters.role, 'auto');
  assert.ok(t.dtlsParameters.fingerprints.some((f) => f.algorithm === 'sha-256' && /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/.test(f.value)));
  const r = await request(a, 'createWebRtcTransport', { sender: false });
  assert.notEqual(r.id, t.id);
  assert.equal((await counts(server.baseUrl)).transports, 2);
  const t2 = await request(a, 'createWebRtcTransport', { sender: true });
  assert.notEqual(t2.id, t.id);
  assert.equal((await counts(server.baseUrl)).transports, 2, 'the old send transport is closed');
  // the old id is gone
  const old = await request(a, 'connectTransport', { transportId: t.id, dtlsParameters: clientDtlsParameters() });
  assert.equal(old.error.code, 'NOT_FOUND');
  closeAll(a);
  assert.deepEqual(await countsEventually(server.baseUrl, ZERO), ZERO);
});

test('connectTransport by direction or id; unknown id NOT_FOUND; another peer\'s FORBIDDEN', async () => {
  const roomId = newRoom();
  const a = await peerWithTransports(roomId, 'A');
  const b = await peerWithTransports(roomId, 'B');
  assert.deepEqual(await request(a.socket, 'connectTransport', { sender: true, dtlsParameters: clientDtlsParameters() }), {});
  assert.deepEqual(await request(a.socket, 'connectTransport', { transportId: a.recv.id, sender: false, dtlsParameters: clientDtlsParameters() }), {});
  assert.equal((await request(a.socket, 'connectTransport', { transportId: 'no-such-transport', dtlsParameters: clientDtlsParameters() })).error.code, 'NOT_FOUND');
  assert.equal((await request(a.socket, 'connectTransport', { transportId: b.send.id, dtlsParameters: clientDtlsParameters() })).error.code, 'FORBIDDEN');
  closeAll(a.socket, b.socket);
  assert.deepEqual(await countsEventually(server.baseUrl, ZERO), ZERO);
});

test('produce without a send transport is refused; produce broadcasts newProducer; unsupported codec is UNSUPPORTED', async () => {
  const roomId = newRoom();
  const a = await connect(server.baseUrl, { displayName: 'A' });
  await join(a, roomId);
  const noTransport = await request(a, 'produce', { kind: 'audio', rtpParameters: audioRtpParameters(), appData: {} });
  assert.equal(noTransport.error.code, 'BAD_REQUEST');
  assert.match(noTransport.error.message, /transport/i);
  await request(a, 'createWebRtcTransport', { sender: true });
  const b = await connect(server.baseUrl, { displayName: 'B' });
  await join(b, roomId);

  const audio = await request(a, 'produce', { kind: 'audio', rtpParameters: audioRtpParameters(), appData: { source: 'mic' } });
  assert.equal(typeof audio.id, 'string', JSON.stringify(audio));
  assert.deepEqual(await waitFor(b, 'newProducer'), { producerId: audio.id, peerId: a.id, kind: 'audio', appData: { source: 'mic' } });
  const video = await request(a, 'produce', { kind: 'video', rtpParameters: videoRtpParameters(), appData: { source: 'webcam' } });
  assert.equal(typeof video.id, 'string', JSON.stringify(video));
  assert.deepEqual(await waitFor(b, 'newProducer', { where: (p) => p.kind === 'video' }), { producerId: video.id, peerId: a.id, kind: 'video', appData: { source: 'webcam' } });
  assert.ok(await noEvent(a, 'newProducer'), 'the producer itself is not told');

  const h265 = videoRtpParameters(33333333);
  h265.codecs = [{ mimeType: 'video/H265', payloadType: 98, clockRate: 90000, parameters: {}, rtcpFeedback: [] }];
  const unsupported = await request(a, 'produce', { kind: 'video', rtpParameters: h265, appData: {} });
  assert.equal(unsupported.error.code, 'UNSUPPORTED', JSON.stringify(unsupported));

  // A joiner learns the existing producers from the ack and from currentProducers.
  const c = await connect(server.baseUrl, { displayName: 'C' });
  const cAck = await join(c, roomId);
  const expected = [
    { producerId: audio.id, peerId: a.id, kind: 'audio', appData: { source: 'mic' }, paused: false },
    { producerId: video.id, peerId: a.id, kind: 'video', appData: { source: 'webcam' }, paused: false },
  ];
  const byId = (x, y) => x.producerId.localeCompare(y.producerId);
  assert.deepEqual([...cAck.producers].sort(byId), [...expected].sort(byId));
  assert.deepEqual([...(await waitFor(c, 'currentProducers')).producers].sort(byId), [...expected].sort(byId));
  assert.deepEqual(await counts(server.baseUrl), { rooms: 1, peers: 3, transports: 1, producers: 2, consumers: 0 });
  closeAll(a, b, c);
  assert.deepEqual(await countsEventually(server.baseUrl, ZERO), ZERO);
});

test('consume (paused), resume/pause, preferred layers; errors: no transport, unknown producer, incompatible caps, other peer\'s consumer', async () => {
  const roomId = newRoom();
  const a = await peerWithTransports(roomId, 'A');
  const video = await request(a.socket, 'produce', { kind: 'video', rtpParameters: videoRtpParameters(), appData: { source: 'webcam' } });
  assert.ok(video.id, JSON.stringify(video));

  const lonely = await connect(server.baseUrl);
  const lonelyAck = await join(lonely, roomId);
  const noRecv = await request(lonely, 'consume', { producerId: video.id, rtpCapabilities: deviceCapabilities(lonelyAck.routerRtpCapabilities) });
  assert.equal(noRecv.error.code, 'BAD_REQUEST');

  const b = await peerWithTransports(roomId, 'B');
  assert.equal((await request(b.socket, 'consume', { producerId: 'no-such-producer', rtpCapabilities: b.caps })).error.code, 'NOT_FOUND');
  const audioOnly = { codecs: b.caps.codecs.filter((x) => x.kind === 'audio'), headerExtensions: [] };
  assert.equal((await request(b.socket, 'consume', { producerId: video.id, rtpCapabilities: audioOnly })).error.code, 'UNSUPPORTED');

  const consumer = await request(b.socket, 'consume', { producerId: video.id, rtpCapabilities: b.caps });
  assert.equal(typeof consumer.id, 'string', JSON.stringify(consumer));
  assert.equal(consumer.producerId, video.id);
  assert.equal(consumer.kind, 'video');
  assert.equal(consumer.type, 'simple');
  assert.equal(consumer.producerPaused, false);
  assert.deepEqual(consumer.appData, { source: 'webcam' });
  assert.equal(consumer.rtpParameters.codecs[0].mimeType, 'video/VP8');
  assert.equal(typeof consumer.rtpParameters.encodings[0].ssrc, 'number');
  assert.equal(typeof consumer.rtpParameters.rtcp.cname, 'string');

  assert.deepEqual(await request(b.socket, 'resumeConsumer', { consumerId: consumer.id }), {});
  assert.deepEqual(await request(b.socket, 'pauseConsumer', { consumerId: consumer.id }), {});
  assert.deepEqual(await request(b.socket, 'setConsumerPreferredLayers', { consumerId: consumer.id, spatialLayer: 0, temporalLayer: 0 }), {});
  assert.deepEqual(await request(b.socket, 'setConsumerPreferredLayers', { consumerId: consumer.id, spatialLayer: 1 }), {});
  assert.equal((await request(a.socket, 'resumeConsumer', { consumerId: consumer.id })).error.code, 'FORBIDDEN');
  assert.equal((await request(a.socket, 'pauseConsumer', { consumerId: consumer.id })).error.code, 'FORBIDDEN');
  assert.equal((await request(b.socket, 'resumeConsumer', { consumerId: 'no-such-consumer' })).error.code, 'NOT_FOUND');
  assert.deepEqual(await counts(server.baseUrl), { rooms: 1, peers: 3, transports: 4, producers: 1, consumers: 1 });
  closeAll(a.socket, b.socket, lonely);
  assert.deepEqual(await countsEventually(server.baseUrl, ZERO), ZERO);
});

test('pauseProducer/resumeProducer tell the others; closeProducer closes its consumers with producerClosed', async () => {
  const roomId = newRoom();
  const a = await peerWithTransports(roomId, 'A');
  const b = await peerWithTransports(roomId, 'B');
  const audio = await request(a.socket, 'produce', { kind: 'audio', rtpParameters: audioRtpParameters(), appData: {} });
  const consumer = await request(b.socket, 'consume', { producerId: audio.id, rtpCapabilities: b.caps });
  assert.ok(consumer.id, JSON.stringify(consumer));

  assert.deepEqual(await request(a.socket, 'pauseProducer', { producerId: audio.id }), {});
  assert.deepEqual(await waitFor(b.socket, 'producerPaused'), { producerId: audio.id, peerId: a.socket.id });
  const sync = await request(b.socket, 'requestSync', { peerId: a.socket.id });
  assert.equal(sync.producers[0].paused, true);
  assert.deepEqual(await request(a.socket, 'resumeProducer', { producerId: audio.id }), {});
  assert.deepEqual(await waitFor(b.socket, 'producerResumed'), { producerId: audio.id, peerId: a.socket.id });
  assert.ok(await noEvent(a.socket, 'producerPaused'));

  assert.equal((await request(b.socket, 'pauseProducer', { producerId: audio.id })).error.code, 'FORBIDDEN');
  assert.equal((await request(b.socket, 'closeProducer', { producerId: audio.id })).error.code, 'FORBIDDEN');
  assert.equal((await request(a.socket, 'closeProducer', { producerId: 'no-such-producer' })).error.code, 'NOT_FOUND');

  assert.deepEqual(await request(a.socket, 'closeProducer', { producerId: audio.id }), {});
  assert.deepEqual(await waitFor(b.socket, 'producerClosed'), { producerId: audio.id, consumerId: consumer.id });
  assert.deepEqual(await counts(server.baseUrl), { rooms: 1, peers: 2, transports: 4, producers: 0, consumers: 0 });
  assert.equal((await request(b.socket, 'resumeConsumer', { consumerId: consumer.id })).error.code, 'NOT_FOUND');
  closeAll(a.socket, b.socket);
  assert.deepEqual(await countsEventually(server.baseUrl, ZERO), ZERO);
});

test('replacing a receive transport closes its consumers with consumerClosed', async () => {
  const roomId = newRoom();
  const a = await peerWithTransports(roomId, 'A');
  const b = await peerWithTransports(roomId, 'B');
  const audio = await request(a.socket, 'produce', { kind: 'audio', rtpParameters: audioRtpParameters(), appData: {} });
  const consumer = await request(b.socket, 'consume', { producerId: audio.id, rtpCapabilities: b.caps });
  const recv2 = await request(b.socket, 'createWebRtcTransport', { sender: false });
  assert.ok(recv2.id);
  const closed = await waitFor(b.socket, 'consumerClosed');
  assert.equal(closed.consumerId, consumer.id);
  assert.equal(typeof closed.reason, 'string');
  assert.ok(await noEvent(b.socket, 'producerClosed'));
  // the producer is untouched and can be consumed again on the new transport
  const again = await request(b.socket, 'consume', { producerId: audio.id, rtpCapabilities: b.caps });
  assert.ok(again.id, JSON.stringify(again));
  assert.deepEqual(await counts(server.baseUrl), { rooms: 1, peers: 2, transports: 4, producers: 1, consumers: 1 });
  closeAll(a.socket, b.socket);
  assert.deepEqual(await countsEventually(server.baseUrl, ZERO), ZERO);
});

test('restartIce gives new ICE credentials; getStats returns stats of the caller\'s own objects', async () => {
  const roomId = newRoom();
  const a = await peerWithTransports(roomId, 'A');
  const b = await peerWithTransports(roomId, 'B');
  const r1 = await request(a.socket, 'restartIce', { sender: true });
  assert.equal(typeof r1.iceParameters.usernameFragment, 'string', JSON.stringify(r1));
  assert.notEqual(r1.iceParameters.usernameFragment, a.send.iceParameters.usernameFragment);
  const r2 = await request(a.socket, 'restartIce', { transportId: a.recv.id });
  assert.equal(typeof r2.iceParameters.password, 'string');
  assert.equal((await request(a.socket, 'restartIce', { transportId: b.recv.id })).error.code, 'FORBIDDEN');
  assert.equal((await request(a.socket, 'restartIce', { transportId: 'nope' })).error.code, 'NOT_FOUND');

  const audio = await request(a.socket, 'produce', { kind: 'audio', rtpParameters: audioRtpParameters(), appData: {} });
  const consumer = await request(b.socket, 'consume', { producerId: audio.id, rtpCapabilities: b.caps });
  for (const [socket, payload] of [[a.socket, { transportId: a.send.id }], [a.socket, { producerId: audio.id }], [b.socket, { consumerId: consumer.id }]]) {
    const s = await request(socket, 'getStats', payload);
    assert.ok(Array.isArray(s.stats), JSON.stringify(s));
    assert.ok(s.stats.length >= 1);
    assert.equal(typeof s.stats[0].type, 'string');
  }
  assert.equal((await request(b.socket, 'getStats', { producerId: audio.id })).error.code, 'FORBIDDEN');
  assert.equal((await request(b.socket, 'getStats', { consumerId: 'nope' })).error.code, 'NOT_FOUND');
  closeAll(a.socket, b.socket);
  assert.deepEqual(await countsEventually(server.baseUrl, ZERO), ZERO);
});

test('requestSync relays to the peer and acks its producers', async () => {
  const roomId = newRoom();
  const a = await peerWithTransports(roomId, 'A');
  const b = await connect(server.baseUrl);
  await join(b, roomId);
  const video = await request(a.socket, 'produce', { kind: 'video', rtpParameters: videoRtpParameters(), appData: { source: 'screen' } });
  const ack = await request(b, 'requestSync', { peerId: a.socket.id });
  assert.deepEqual(ack, { producers: [{ producerId: video.id, peerId: a.socket.id, kind: 'video', appData: { source: 'screen' }, paused: false }] });
  assert.deepEqual(await waitFor(a.socket, 'requestSync'), { requesterId: b.id });
  assert.equal((await request(b, 'requestSync', { peerId: 'nobody' })).error.code, 'NOT_FOUND');
  closeAll(a.socket, b);
  assert.deepEqual(await countsEventually(server.baseUrl, ZERO), ZERO);
});

test('kickPeer: only the host; the kicked peer gets kicked and stays connected; the others get peerLeft; cleanup', async () => {
  const roomId = newRoom();
  const host = await peerWithTransports(roomId, 'Host');
  const b = await peerWithTransports(roomId, 'B');
  const c = await peerWithTransports(roomId, 'C');
  assert.equal(host.joined.isHost, true);
  assert.equal(b.joined.hostPeerId, host.socket.id);
  const bAudio = await request(b.socket, 'produce', { kind: 'audio', rtpParameters: audioRtpParameters(), appData: {} });
  const hostConsumer = await request(host.socket, 'consume', { producerId: bAudio.id, rtpCapabilities: host.caps });
  const cConsumer = await request(c.socket, 'consume', { producerId: bAudio.id, rtpCapabilities: c.caps });
  const before = await counts(server.baseUrl);
  assert.deepEqual(before, { rooms: 1, peers: 3, transports: 6, producers: 1, consumers: 2 });

  assert.equal((await request(c.socket, 'kickPeer', { peerId: b.socket.id, roomId })).error.code, 'FORBIDDEN');
  assert.equal((await request(host.socket, 'kickPeer', { peerId: 'nobody', roomId })).error.code, 'NOT_FOUND');
  assert.equal((await request(host.socket, 'kickPeer', { peerId: b.socket.id, roomId: 'another-room' })).error.code, 'FORBIDDEN');

  assert.deepEqual(await request(host.socket, 'kickPeer', { peerId: b.socket.id, roomId }), {});
  assert.deepEqual(await waitFor(b.socket, 'kicked'), { roomId, by: host.socket.id });
  assert.deepEqual(await waitFor(c.socket, 'peerLeft'), { peerId: b.socket.id });
  assert.deepEqual(await waitFor(host.socket, 'peerLeft'), { peerId: b.socket.id });
  assert.deepEqual(await waitFor(c.socket, 'producerClosed'), { producerId: bAudio.id, consumerId: cConsumer.id });
  assert.deepEqual(await waitFor(host.socket, 'producerClosed'), { producerId: bAudio.id, consumerId: hostConsumer.id });
  assert.ok(await noEvent(b.socket, 'peerLeft'));
  assert.ok(b.socket.connected);
  assert.equal((await request(b.socket, 'createWebRtcTransport', { sender: true })).error.code, 'NOT_IN_ROOM');
  assert.deepEqual(await counts(server.baseUrl), { rooms: 1, peers: 2, transports: 4, producers: 0, consumers: 0 });
  // the kicked peer may join again
  await join(b.socket, roomId);
  closeAll(host.socket, b.socket, c.socket);
  assert.deepEqual(await countsEventually(server.baseUrl, ZERO), ZERO);
});

test('when the host leaves, the longest-present peer becomes host', async () => {
  const roomId = newRoom();
  const a = await connect(server.baseUrl);
  const b = await connect(server.baseUrl);
  const c = await connect(server.baseUrl);
  await join(a, roomId);
  await join(b, roomId);
  await join(c, roomId);
  assert.equal((await request(b, 'kickPeer', { peerId: c.id, roomId })).error.code, 'FORBIDDEN');
  assert.deepEqual(await request(a, 'leaveRoom', {}), {});
  assert.deepEqual(await waitFor(b, 'peerLeft'), { peerId: a.id });
  assert.deepEqual(await waitFor(c, 'hostChanged'), { hostPeerId: b.id });
  assert.equal((await request(c, 'kickPeer', { peerId: b.id, roomId })).error.code, 'FORBIDDEN');
  assert.deepEqual(await request(b, 'kickPeer', { peerId: c.id, roomId }), {});
  await waitFor(c, 'kicked');
  closeAll(a, b, c);
  assert.deepEqual(await countsEventually(server.baseUrl, ZERO), ZERO);
});

test('leaveRoom and disconnect close exactly the peer\'s objects; counts return to their previous values', async () => {
  const roomId = newRoom();
  const a = await peerWithTransports(roomId, 'A');
  const b = await peerWithTransports(roomId, 'B');
  const bVideo = await request(b.socket, 'produce', { kind: 'video', rtpParameters: videoRtpParameters(), appData: {} });
  const aAudio = await request(a.socket, 'produce', { kind: 'audio', rtpParameters: audioRtpParameters(), appData: {} });
  const aConsumesB = await request(a.socket, 'consume', { producerId: bVideo.id, rtpCapabilities: a.caps });
  assert.ok(aConsumesB.id);
  const withTwo = await counts(server.baseUrl);

  // C joins, produces, consumes A; then leaves: everything of C goes, A is told producerClosed for C's producer.
  const c = await peerWithTransports(roomId, 'C');
  const cAudio = await request(c.socket, 'produce', { kind: 'audio', rtpParameters: audioRtpParameters(44444444), appData: {} });
  const aConsumesC = await request(a.socket, 'consume', { producerId: cAudio.id, rtpCapabilities: a.caps });
  await request(c.socket, 'consume', { producerId: aAudio.id, rtpCapabilities: c.caps });
  assert.deepEqual(await request(c.socket, 'leaveRoom', {}), {});
  assert.deepEqual(await waitFor(a.socket, 'producerClosed', { where: (p) => p.producerId === cAudio.id }), { producerId: cAudio.id, consumerId: aConsumesC.id });
  assert.deepEqual(await waitFor(a.socket, 'peerLeft', { where: (p) => p.peerId === c.socket.id }), { peerId: c.socket.id });
  assert.deepEqual(await counts(server.baseUrl), withTwo);

  // D joins the same way and disconnects instead.
  const d = await peerWithTransports(roomId, 'D');
  const dVideo = await request(d.socket, 'produce', { kind: 'video', rtpParameters: videoRtpParameters(55555555), appData: {} });
  const bConsumesD = await request(b.socket, 'consume', { producerId: dVideo.id, rtpCapabilities: b.caps });
  const dId = d.socket.id; // socket.io-client forgets its id on close
  d.socket.close();
  assert.deepEqual(await waitFor(b.socket, 'producerClosed', { where: (p) => p.producerId === dVideo.id }), { producerId: dVideo.id, consumerId: bConsumesD.id });
  assert.deepEqual(await waitFor(b.socket, 'peerLeft', { where: (p) => p.peerId === dId }), { peerId: dId });
  assert.deepEqual(await countsEventually(server.baseUrl, withTwo), withTwo);

  // The last peers go: the room closes.
  assert.deepEqual(await request(a.socket, 'leaveRoom', {}), {});
  assert.deepEqual(await waitFor(b.socket, 'producerClosed', { where: (p) => p.producerId === aAudio.id }).catch(() => null), null, 'B did not consume A');
  b.socket.close();
  assert.deepEqual(await countsEventually(server.baseUrl, ZERO), ZERO);
  closeAll(a.socket);
});

test('concurrent joins of one room: every peer admitted once, everyone learns about everyone', async () => {
  const roomId = newRoom('crowd');
  const N = 12;
  const sockets = await Promise.all(Array.from({ length: N }, (_, i) => connect(server.baseUrl, { displayName: `p${i}` })));
  const acks = await Promise.all(sockets.map((s) => request(s, 'joinRoom', { roomId })));
  assert.ok(acks.every((a) => a.roomId === roomId), JSON.stringify(acks.find((a) => a.error)));
  assert.deepEqual(await counts(server.baseUrl), { ...ZERO, rooms: 1, peers: N });
  // Each peer knows the others: from its ack (earlier joiners) plus newPeer events (later joiners).
  await Promise.all(sockets.map(async (s, i) => {
    const known = new Set(acks[i].peers.map((p) => p.peerId));
    const deadline = Date.now() + 5000;
    while (known.size < N - 1 && Date.now() < deadline) {
      for (const e of s.events) if (e.name === 'newPeer') known.add(e.args[0].peerId);
      await sleep(50);
    }
    assert.equal(known.size, N - 1);
    assert.ok(!known.has(s.id));
  }));
  assert.equal(new Set(acks.map((a) => a.hostPeerId)).size <= N, true);
  closeAll(...sockets);
  assert.deepEqual(await countsEventually(server.baseUrl, ZERO), ZERO);
});

test('every event is acked exactly once, also under a flood (RATE_LIMITED beyond the budget)', async () => {
  const a = await connect(server.baseUrl);
  const acks = new Map();
  const N = 300;
  await Promise.all(Array.from({ length: N }, (_, i) => new Promise((resolve) => {
    a.timeout(15000).emit('requestSync', { peerId: 'x' }, (err, res) => {
      acks.set(i, (acks.get(i) ?? 0) + 1);
      resolve(err ? { timeout: true } : res);
    });
  })).map((p) => p.then((res) => res)));
  assert.equal(acks.size, N);
  assert.ok([...acks.values()].every((n) => n === 1));
  const codes = new Set();
  for (let i = 0; i < 5; i++) { /* settle */ }
  // Send a second burst and collect codes.
  const results = await Promise.all(Array.from({ length: 200 }, () => request(a, 'requestSync', { peerId: 'x' })));
  for (const r of results) codes.add(r.error?.code);
  assert.ok(codes.has('RATE_LIMITED'), [...codes].join(','));
  assert.ok([...codes].every((c) => c === 'RATE_LIMITED' || c === 'NOT_IN_ROOM'));
  await sleep(1200);
  assert.equal((await request(a, 'requestSync', { peerId: 'x' })).error.code, 'NOT_IN_ROOM', 'the budget refills');
  closeAll(a);
});

test('the web client and the API share one port: /healthz, /readyz, /metrics', async () => {
  assert.equal((await fetch(`${server.baseUrl}/healthz`)).status, 200);
  assert.equal((await fetch(`${server.baseUrl}/readyz`)).status, 200);
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  assert.match(text, /^vibezlive_signaling_events(_total)?\{event="joinRoom",result="ok"\} [1-9]/m, 'events counted from the start');
  assert.match(text, /^vibezlive_signaling_events(_total)?\{event="joinRoom",result="BAD_REQUEST"\} [1-9]/m);
  assert.match(text, /^vibezlive_worker_cpu_time(_seconds)?(_total)?\{worker="0"\} [0-9.e+-]+$/m, 'CPU time of media worker 0');
  for (const name of ['vibezlive_rooms', 'vibezlive_peers', 'vibezlive_transports', 'vibezlive_producers', 'vibezlive_consumers', 'vibezlive_media_consumers', 'vibezlive_media_rtp_packets_received', 'process_cpu_seconds_total', 'process_working_set_bytes']) {
    assert.match(text, new RegExp(`^${name}`, 'm'), name);
  }
});

test('a simulcast producer is consumed as "simulcast" with one encoding; setConsumerPreferredLayers replies what it applied', async () => {
  const roomId = newRoom();
  const a = await peerWithTransports(roomId, 'A');
  const b = await peerWithTransports(roomId, 'B');
  const params = videoRtpParameters(44444444);
  params.encodings = [0, 1, 2].map((i) => ({ ssrc: 44444444 + (10 * i), rtx: { ssrc: 44444445 + (10 * i) }, scalabilityMode: 'L1T3' }));
  const video = await request(a.socket, 'produce', { kind: 'video', rtpParameters: params, appData: {} });
  assert.equal(typeof video.id, 'string', JSON.stringify(video));
  const consumer = await request(b.socket, 'consume', { producerId: video.id, rtpCapabilities: b.caps });
  assert.equal(consumer.type, 'simulcast', JSON.stringify(consumer));
  assert.equal(consumer.rtpParameters.encodings.length, 1);
  // Temporal layers are not dropped by the engine: the reply says so instead of failing.
  assert.deepEqual(await request(b.socket, 'setConsumerPreferredLayers', { consumerId: consumer.id, spatialLayer: 0, temporalLayer: 1 }), { spatialLayer: 0, temporalLayers: 'all' });
  assert.deepEqual(await request(b.socket, 'setConsumerPreferredLayers', { consumerId: consumer.id, spatialLayer: 7 }), { spatialLayer: 2, temporalLayers: 'all' });
  closeAll(a.socket, b.socket);
  assert.deepEqual(await countsEventually(server.baseUrl, ZERO), ZERO);
});
