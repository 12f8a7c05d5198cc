// Raw Engine.IO v4 / Socket.IO v5 wire tests against the conformance host: error codes, polling framing,
// binary, heartbeat, upgrade, malformed input. No socket.io-client here: HTTP (fetch) and WebSocket (ws) only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startHost, TOLERANT_HEARTBEAT, sleep, LIMIT, closeAll, track } from './host.mjs';

let host;
let url;
let wsUrl;
before(async () => {
  host = await startHost(TOLERANT_HEARTBEAT);
  url = `${host.baseUrl}/socket.io/`;
  wsUrl = url.replace('http', 'ws');
});
after(async () => { closeAll(); await host?.stop(); });

const SEP = '\x1e';

async function handshake() {
  const res = await fetch(`${url}?EIO=4&transport=polling`);
  assert.equal(res.status, 200);
  const body = await res.text();
  assert.equal(body[0], '0');
  return JSON.parse(body.slice(1));
}
const poll = (sid) => fetch(`${url}?EIO=4&transport=polling&sid=${sid}`);
const push = (sid, body) => fetch(`${url}?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body });

/** Polls until `predicate(packets)` holds for the packets gathered so far (pongs every ping on the way). */
async function pollUntil(sid, predicate, max = 20) {
  const packets = [];
  for (let i = 0; i < max; i++) {
    const res = await poll(sid);
    assert.equal(res.status, 200);
    const text = await res.text();
    if (process.env.DEBUG_POLL) console.log(i, JSON.stringify(text));
    for (const p of text.split(SEP)) {
      if (p === '2') { await push(sid, '3'); continue; }
      packets.push(p);
    }
    if (predicate(packets)) return packets;
  }
  throw new Error(`condition not met after ${max} polls; got ${JSON.stringify(packets)}`);
}

async function expectError(res, status, code, message) {
  assert.equal(res.status, status);
  assert.match(res.headers.get('content-type'), /application\/json/);
  assert.deepEqual(await res.json(), { code, message });
}

function openWs(query) {
  const ws = new WebSocket(`${wsUrl}?${query}`);
  const messages = [];
  const waiters = [];
  ws.on('message', (data, isBinary) => {
    const m = isBinary ? data : data.toString();
    const w = waiters.shift();
    if (w) w(m); else messages.push(m);
  });
  ws.next = (ms = 3000) => messages.length ? Promise.resolve(messages.shift()) : new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no message')), ms);
    t.unref();
    waiters.push((m) => { clearTimeout(t); resolve(m); });
  });
  ws.closed = new Promise((r) => ws.on('close', (code) => r(code)));
  ws.opened = new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('error', reject); ws.on('unexpected-response', (_, res) => reject(new Error(`HTTP ${res.statusCode}`))); });
  return ws;
}

/** Next WebSocket message that is not a ping (pings are answered). */
async function nextNonPing(ws) {
  for (;;) {
    const m = await ws.next();
    if (m === '2') { ws.send('3'); continue; }
    return m;
  }
}

test('handshake: open packet with sid, upgrades, pingInterval, pingTimeout, maxPayload', LIMIT, async () => {
  const open = await handshake();
  assert.match(open.sid, /^[A-Za-z0-9_-]{20}$/);
  assert.deepEqual(open.upgrades, ['websocket']);
  assert.equal(open.pingInterval, 300);
  assert.equal(open.pingTimeout, 1500);
  assert.equal(open.maxPayload, 1_000_000);
});

test('error codes 0..5 with the reference JSON bodies', LIMIT, async () => {
  await expectError(await fetch(`${url}?EIO=4&transport=carrier-pigeon`), 400, 0, 'Transport unknown');
  await expectError(await fetch(`${url}?EIO=4`), 400, 0, 'Transport unknown');
  await expectError(await fetch(`${url}?EIO=4&transport=polling&sid=nope`), 400, 1, 'Session ID unknown');
  await expectError(await fetch(`${url}?EIO=4&transport=polling`, { method: 'POST', body: '40' }), 400, 2, 'Bad handshake method');
  await expectError(await fetch(`${url}?EIO=4&transport=websocket`), 400, 3, 'Bad request');
  await expectError(await fetch(`${url}?EIO=3&transport=polling`), 400, 5, 'Unsupported protocol version');
  await expectError(await fetch(`${url}?transport=polling`), 400, 5, 'Unsupported protocol version');
  await expectError(await fetch(`${url}?EIO=abc&transport=polling`), 400, 5, 'Unsupported protocol version');
  const { sid } = await handshake();
  await expectError(await fetch(`${url}?EIO=4&transport=polling&sid=${sid}`, { method: 'PUT', body: 'x' }), 400, 3, 'Bad request');
});

test('CORS: preflight and responses carry the allowed origin', LIMIT, async () => {
  const pre = await fetch(`${url}?EIO=4&transport=polling`, {
    method: 'OPTIONS',
    headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), 'https://app.example');
  assert.equal(pre.headers.get('access-control-allow-credentials'), 'true');
  assert.match(pre.headers.get('access-control-allow-methods'), /POST/);
  const res = await fetch(`${url}?EIO=4&transport=polling`, { headers: { origin: 'https://app.example' } });
  assert.equal(res.headers.get('access-control-allow-origin'), 'https://app.example');
});

test('polling: CONNECT, events, acks and binary (b + base64) in \\x1e-joined payloads', LIMIT, async () => {
  const { sid } = await handshake();
  assert.equal(await (await push(sid, '40')).text(), 'ok');
  let packets = await pollUntil(sid, (p) => p.some((x) => x.startsWith('42["auth"')));
  const connect = packets.find((p) => p.startsWith('40'));
  const socketId = JSON.parse(connect.slice(2)).sid;
  assert.notEqual(socketId, sid);

  // Two packets in one POST: an event and an event with ack id 7.
  await push(sid, `42["message","a",1]${SEP}427["message-with-ack",{"k":true}]`);
  packets = await pollUntil(sid, (p) => p.includes('437[{"k":true}]'));
  assert.ok(packets.includes('42["message-back","a",1]'));

  // Binary event: header then attachment as b + base64; echoed the same way.
  await push(sid, `451-["message",{"_placeholder":true,"num":0}]${SEP}bAQID`);
  packets = await pollUntil(sid, (p) => p.includes('bAQID'));
  const i = packets.indexOf('451-["message-back",{"_placeholder":true,"num":0}]');
  assert.ok(i >= 0, JSON.stringify(packets));
  assert.equal(packets[i + 1], 'bAQID');

  // Binary ack with the placeholder nested.
  await push(sid, `451-9["message-with-ack",{"a":[{"_placeholder":true,"num":0}]}]${SEP}b/w==`);
  packets = await pollUntil(sid, (p) => p.includes('b/w=='));
  assert.ok(packets.includes('461-9[{"a":[{"_placeholder":true,"num":0}]}]'), JSON.stringify(packets));
  await push(sid, '1');
});

test('heartbeat: the server pings every pingInterval; answering keeps the session', LIMIT, async () => {
  const { sid } = await handshake();
  await push(sid, '40');
  const started = Date.now();
  let pings = 0;
  while (Date.now() - started < 1200) {
    const body = await (await poll(sid)).text();
    if (body.split(SEP).includes('2')) { pings++; await push(sid, '3'); }
  }
  assert.ok(pings >= 3, `pings: ${pings}`);
  assert.equal((await push(sid, '3')).status, 200);
  await push(sid, '1');
});

test('heartbeat timeout: a silent polling client is closed after pingInterval + pingTimeout', LIMIT, async () => {
  const { sid } = await handshake();
  await push(sid, '40');
  await sleep(300 + 1500 + 500);
  await expectError(await poll(sid), 400, 1, 'Session ID unknown');
});

test('heartbeat timeout: a silent WebSocket client is closed', LIMIT, async () => {
  const ws = openWs('EIO=4&transport=websocket');
  await ws.opened;
  assert.equal((await ws.next())[0], '0');
  ws.send('40');
  const t0 = Date.now();
  await ws.closed;
  const elapsed = Date.now() - t0;
  assert.ok(elapsed >= 1500 && elapsed < 4000, `closed after ${elapsed} ms`);
});

test('connect timeout: a session that never joins a namespace is closed', LIMIT, async () => {
  const ws = openWs('EIO=4&transport=websocket');
  await ws.opened;
  const t0 = Date.now();
  ws.on('message', (m) => { if (m.toString() === '2') ws.send('3'); });
  await ws.closed;
  const elapsed = Date.now() - t0;
  assert.ok(elapsed >= 800 && elapsed < 3000, `closed after ${elapsed} ms`);
});

test('a second concurrent GET closes the session (400), the first is released', LIMIT, async () => {
  const { sid } = await handshake();
  await push(sid, '40');
  await pollUntil(sid, (p) => p.some((x) => x.startsWith('42["auth"')));
  const first = poll(sid);
  await sleep(50);
  const second = await poll(sid);
  assert.equal(second.status, 400);
  const released = await first;
  assert.equal(released.status, 200);
  await sleep(50);
  const after = await poll(sid);
  assert.equal(after.status, 400);
});

test('client close packet: the pending GET gets a noop and the session is gone', LIMIT, async () => {
  const { sid } = await handshake();
  const pending = poll(sid);
  await sleep(50);
  assert.equal((await push(sid, '1')).status, 200);
  assert.equal(await (await pending).text(), '6');
  await expectError(await poll(sid), 400, 1, 'Session ID unknown');
});

test('malformed polling input closes the session', LIMIT, async () => {
  for (const bad of ['x', '', '4', `b!!!`, '42["unterminated', '42{"not":"an array"}', '99', '42[1,2]', '411-["message",{}]', '2'.repeat(3)]) {
    const { sid } = await handshake();
    if (bad !== '4' && bad !== '42["unterminated' && bad !== '42{"not":"an array"}' && bad !== '42[1,2]') await push(sid, '40');
    const res = await push(sid, bad).catch((e) => assert.fail(`${JSON.stringify(bad)}: POST ${e.message}`));
    assert.ok(res.status === 200 || res.status === 400, `${JSON.stringify(bad)}: ${res.status}`);
    // The session ends: at most one more poll (carrying the close packet), then "Session ID unknown".
    let status = 200;
    for (let i = 0; i < 4 && status === 200; i++) status = (await poll(sid).catch((e) => assert.fail(`${JSON.stringify(bad)}: GET ${e.message}`))).status;
    assert.equal(status, 400, `session survived ${JSON.stringify(bad)}`);
  }
});

test('a POST over maxHttpBufferSize gets 413 and closes the session', LIMIT, async () => {
  const { sid } = await handshake();
  await push(sid, '40');
  const res = await push(sid, `42["message","${'z'.repeat(1_000_000)}"]`);
  assert.equal(res.status, 413);
  let status = 200;
  for (let i = 0; i < 3 && status === 200; i++) status = (await poll(sid)).status;
  assert.equal(status, 400);
});

test('websocket: open packet first (no upgrades), events, binary frames', LIMIT, async () => {
  const ws = openWs('EIO=4&transport=websocket');
  await ws.opened;
  const open = JSON.parse((await ws.next()).slice(1));
  assert.deepEqual(open.upgrades, []);
  ws.send('40/custom,{"token":"t"}');
  assert.match(await nextNonPing(ws), /^40\/custom,\{"sid":"[^"]+"\}$/);
  assert.equal(await nextNonPing(ws), '42/custom,["auth",{"token":"t"}]');
  ws.send('451-/custom,["message",{"_placeholder":true,"num":0}]');
  ws.send(Buffer.from([1, 2, 3]));
  assert.equal(await nextNonPing(ws), '451-/custom,["message-back",{"_placeholder":true,"num":0}]');
  const bin = await nextNonPing(ws);
  assert.deepEqual([...bin], [1, 2, 3]);
  ws.send('40/nope,');
  assert.equal(await nextNonPing(ws), '44/nope,{"message":"Invalid namespace"}');
  ws.close();
});

test('websocket: malformed input closes the connection', LIMIT, async () => {
  for (const bad of ['x', '42garbage', '9', Buffer.from([1]), '4' + '51-' + '["m",{"_placeholder":true,"num":5}]']) {
    const ws = openWs('EIO=4&transport=websocket');
    await ws.opened;
    await ws.next();
    ws.send('40');
    await nextNonPing(ws);
    if (typeof bad === 'string' && bad.startsWith('451-')) { ws.send(bad); ws.send(Buffer.from([0])); } else ws.send(bad);
    await ws.closed;
  }
});

test('websocket: too many attachments closes the connection', LIMIT, async () => {
  const ws = openWs('EIO=4&transport=websocket');
  await ws.opened;
  await ws.next();
  ws.send('40');
  await nextNonPing(ws);
  ws.send('4511-["message"]');
  await ws.closed;
});

test('websocket: a message over maxHttpBufferSize is refused with 1009', LIMIT, async () => {
  const ws = openWs('EIO=4&transport=websocket');
  await ws.opened;
  await ws.next();
  ws.send('40');
  await nextNonPing(ws);
  ws.send(`42["message","${'z'.repeat(1_000_001)}"]`);
  assert.equal(await ws.closed, 1009);
});

test('upgrade: probe, noop to the pending poll, upgrade; then polling is refused and a second upgrade too', LIMIT, async () => {
  const { sid } = await handshake();
  await push(sid, '40');
  await pollUntil(sid, (p) => p.some((x) => x.startsWith('42["auth"')));
  const pending = poll(sid);
  const ws = openWs(`EIO=4&transport=websocket&sid=${sid}`);
  await ws.opened;
  ws.send('2probe');
  assert.equal(await ws.next(), '3probe');
  const released = (await (await pending).text()).split(SEP);
  assert.ok(released.includes('6'), JSON.stringify(released));
  ws.send('5');
  ws.send('42["message","over ws"]');
  assert.equal(await nextNonPing(ws), '42["message-back","over ws"]');
  await expectError(await poll(sid), 400, 3, 'Bad request');
  const second = openWs(`EIO=4&transport=websocket&sid=${sid}`);
  await assert.rejects(second.opened);
  ws.close();
});

test('upgrade: a bad probe closes only the WebSocket; the session continues over polling', LIMIT, async () => {
  const { sid } = await handshake();
  await push(sid, '40');
  const ws = openWs(`EIO=4&transport=websocket&sid=${sid}`);
  await ws.opened;
  ws.send('2notaprobe');
  await ws.closed;
  await push(sid, '42["message","still here"]');
  const packets = await pollUntil(sid, (p) => p.includes('42["message-back","still here"]'));
  assert.ok(packets.length > 0);
  await push(sid, '1');
});

test('an unknown sid on the WebSocket is refused', LIMIT, async () => {
  const ws = openWs('EIO=4&transport=websocket&sid=unknown');
  await assert.rejects(ws.opened, /HTTP 400/);
});
