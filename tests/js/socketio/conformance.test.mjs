// socket.io-client 4.8 against the conformance host, over each transport mode.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Manager } from 'socket.io-client';
import { startHost, TOLERANT_HEARTBEAT, TRANSPORT_MODES, connect, once, connected, upgraded, sleep, LIMIT, closeAll, track } from './host.mjs';

let host;
before(async () => { host = await startHost(TOLERANT_HEARTBEAT); });
after(async () => { closeAll(); await host?.stop(); });

for (const [mode, opts] of Object.entries(TRANSPORT_MODES)) {
  describe(mode, () => {
    const expectedTransport = opts.transports.at(-1);

    test('connects with auth; the socket id differs from the Engine.IO sid; auth is echoed right after CONNECT', LIMIT, async () => {
      const s = connect(host.baseUrl, '/', { ...opts, auth: { token: 'abc', n: 1 } });
      const authPromise = once(s, 'auth');
      await connected(s);
      const [auth] = await authPromise;
      assert.deepEqual(auth, { token: 'abc', n: 1 });
      assert.notEqual(s.id, s.io.engine.id);
      const [who] = [await s.emitWithAck('whoami')];
      assert.deepEqual(who, { nsp: '/', id: s.id });
      if (opts.transports.length > 1) await upgraded(s);
      assert.equal(s.io.engine.transport.name, expectedTransport);
      s.close();
    });

    test('auth defaults to {}', LIMIT, async () => {
      const s = connect(host.baseUrl, '/', opts);
      const [auth] = await once(s, 'auth');
      assert.deepEqual(auth, {});
      s.close();
    });

    test('events and acks both ways (client → server ack, server → client ack)', LIMIT, async () => {
      const s = connect(host.baseUrl, '/', opts);
      await connected(s);
      const back = once(s, 'message-back');
      s.emit('message', 1, 'two', { three: [3, null, true] });
      assert.deepEqual(await back, [1, 'two', { three: [3, null, true] }]);

      const acked = await new Promise((r) => s.emit('message-with-ack', 'x', 2, { y: 'z' }, (...a) => r(a)));
      assert.deepEqual(acked, ['x', 2, { y: 'z' }]);

      // Server emits with an ack request; the client answers; the server relays the answer.
      s.on('question', (a, b, cb) => cb(a + b, 'done'));
      const relayed = await new Promise((r) => s.emit('ask', 'question', 40, 2, (...a) => r(a)));
      assert.deepEqual(relayed, [42, 'done']);

      // A client that does not answer: the server's emit-with-ack times out (2 s).
      s.on('ignored', () => {});
      const timedOut = await s.timeout(5000).emitWithAck('ask', 'ignored');
      assert.deepEqual(timedOut, { error: 'timeout' });
      s.close();
    });

    test('binary events and acks, attachments at any depth, both ways', LIMIT, async () => {
      const s = connect(host.baseUrl, '/', opts);
      await connected(s);
      const blob = Buffer.from([0, 1, 2, 253, 254, 255]);
      const back = once(s, 'message-back');
      s.emit('message', blob, { nested: { deep: [1, Buffer.from('hi')] } }, 'text');
      const [b0, b1, b2] = await back;
      assert.ok(Buffer.isBuffer(b0));
      assert.deepEqual([...b0], [...blob]);
      assert.equal(Buffer.from(b1.nested.deep[1]).toString(), 'hi');
      assert.equal(b1.nested.deep[0], 1);
      assert.equal(b2, 'text');

      const acked = await s.emitWithAck('message-with-ack', { list: [Buffer.from([7]), Buffer.from([8, 9])] });
      assert.deepEqual([...acked.list[0]], [7]);
      assert.deepEqual([...acked.list[1]], [8, 9]);

      // Client → server binary ack (BINARY_ACK from the client), relayed back.
      s.on('give-bytes', (n, cb) => cb(Buffer.alloc(n, 0xab), { also: Buffer.from([1]) }));
      const relayed = await new Promise((r) => s.emit('ask', 'give-bytes', 5, (...a) => r(a)));
      assert.deepEqual([...relayed[0]], [0xab, 0xab, 0xab, 0xab, 0xab]);
      assert.deepEqual([...relayed[1].also], [1]);
      s.close();
    });

    test('two namespaces on one connection; an unknown namespace gets CONNECT_ERROR and the connection stays open', LIMIT, async () => {
      const manager = track(new Manager(host.baseUrl, { ...opts, reconnection: false, autoConnect: false }));
      const root = manager.socket('/');
      const custom = manager.socket('/custom');
      const bad = manager.socket('/nope');
      const refused = once(bad, 'connect_error');
      root.connect(); custom.connect(); bad.connect();
      await connected(root); await connected(custom);
      const [err] = await refused;
      assert.equal(err.message, 'Invalid namespace');
      assert.equal(root.io.engine, custom.io.engine, 'one Engine.IO connection');
      assert.deepEqual(await root.emitWithAck('whoami'), { nsp: '/', id: root.id });
      assert.deepEqual(await custom.emitWithAck('whoami'), { nsp: '/custom', id: custom.id });
      assert.notEqual(root.id, custom.id);
      // Still usable after the refusal.
      assert.deepEqual(await custom.emitWithAck('message-with-ack', 'ok'), 'ok');
      root.close(); custom.close(); bad.close();
    });

    test('rooms: join, broadcast to the room (sender included if member), leave, room size', LIMIT, async () => {
      const [a, b, c] = [0, 1, 2].map(() => connect(host.baseUrl, '/', opts));
      await Promise.all([a, b, c].map((s) => connected(s)));
      const room = `room-${mode}`;
      await a.emitWithAck('join', room);
      await b.emitWithAck('join', room);
      assert.equal(await c.emitWithAck('room-size', room), 2);
      let cGot = 0;
      c.on('broadcast', () => { cGot++; });
      const got = Promise.all([once(a, 'broadcast'), once(b, 'broadcast')]);
      await c.emitWithAck('broadcast', room, 'hello', { n: 1 });
      assert.deepEqual(await got, [['hello', { n: 1 }], ['hello', { n: 1 }]]);
      await b.emitWithAck('leave', room);
      assert.equal(await c.emitWithAck('room-size', room), 1);
      let bGot = 0;
      b.on('broadcast', () => { bGot++; });
      const aGot = once(a, 'broadcast');
      await a.emitWithAck('broadcast', room, 'again');
      assert.deepEqual(await aGot, ['again']);
      await sleep(100);
      assert.equal(bGot, 0);
      assert.equal(cGot, 0);
      // Rooms are per namespace.
      const other = connect(host.baseUrl, '/custom', opts);
      await connected(other);
      assert.equal(await other.emitWithAck('room-size', room), 0);
      [a, b, c, other].forEach((s) => s.close());
    });

    test('server disconnect: reason "io server disconnect", no reconnection', LIMIT, async () => {
      const s = connect(host.baseUrl, '/', { ...opts, reconnection: true, reconnectionDelay: 50, reconnectionDelayMax: 100 });
      await connected(s);
      let reconnects = 0;
      s.io.on('reconnect_attempt', () => { reconnects++; });
      const gone = once(s, 'disconnect');
      s.emit('disconnect-me');
      const [reason] = await gone;
      assert.equal(reason, 'io server disconnect');
      await sleep(400);
      assert.equal(reconnects, 0);
      assert.equal(s.connected, false);
      s.close();
    });

    test('connection drop: the client sees a transport failure and reconnects by itself', LIMIT, async () => {
      const s = connect(host.baseUrl, '/', { ...opts, reconnection: true, reconnectionDelay: 50, reconnectionDelayMax: 100 });
      await connected(s);
      if (opts.transports.length > 1) await upgraded(s);
      const firstId = s.id;
      const gone = once(s, 'disconnect');
      s.emit('drop-connection');
      const [reason] = await gone;
      assert.match(reason, /^transport (close|error)$/);
      await once(s, 'connect', 5000);
      assert.ok(s.connected);
      assert.notEqual(s.id, firstId);
      assert.deepEqual(await s.emitWithAck('whoami'), { nsp: '/', id: s.id });
      s.close();
    });

    test('payload near maxHttpBufferSize passes; over it the connection is closed', LIMIT, async () => {
      const s = connect(host.baseUrl, '/', opts);
      await connected(s);
      if (opts.transports.length > 1) await upgraded(s);
      const near = 'x'.repeat(999_000); // + packet framing stays under 1,000,000 bytes
      const echo = await s.timeout(10000).emitWithAck('message-with-ack', near);
      assert.equal(echo.length, near.length);
      const gone = once(s, 'disconnect', 10000);
      s.emit('message', 'y'.repeat(1_000_100));
      const [reason] = await gone;
      assert.match(reason, /^transport (close|error)$/);
      s.close();
    });
  });
}

test('heartbeat keeps an idle client connected over several ping intervals', LIMIT, async () => {
  const s = connect(host.baseUrl, '/', { transports: ['websocket'] });
  await connected(s);
  let pings = 0;
  s.io.engine.on('ping', () => { pings++; });
  await sleep(1000);
  assert.ok(s.connected);
  assert.ok(pings >= 2, `pings: ${pings}`);
  s.close();
});

test('client-side disconnect is seen by the server (room emptied)', LIMIT, async () => {
  const a = connect(host.baseUrl, '/', { transports: ['websocket'] });
  const b = connect(host.baseUrl, '/', { transports: ['websocket'] });
  await connected(a); await connected(b);
  await a.emitWithAck('join', 'leaving');
  assert.equal(await b.emitWithAck('room-size', 'leaving'), 1);
  a.disconnect();
  await sleep(100);
  assert.equal(await b.emitWithAck('room-size', 'leaving'), 0);
  b.close();
});

test('a namespace-level disconnect keeps the other namespace of the connection', LIMIT, async () => {
  const manager = track(new Manager(host.baseUrl, { reconnection: false, transports: ['websocket'], autoConnect: false }));
  const root = manager.socket('/');
  const custom = manager.socket('/custom');
  root.connect(); custom.connect();
  await connected(root); await connected(custom);
  const gone = once(custom, 'disconnect');
  custom.emit('disconnect-me');
  assert.equal((await gone)[0], 'io server disconnect');
  assert.deepEqual(await root.emitWithAck('whoami'), { nsp: '/', id: root.id });
  root.close();
});
