// Users, tokens and stored rooms: the REST API and the Socket.IO handshake, with guests refused (ALLOW_GUESTS=false)
// and the production environment (JWT_SECRET required).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, connect, connectError, request, waitFor, join, closeAll, countsEventually } from './helpers.mjs';

let server;
before(async () => {
  server = await startServer({ NODE_ENV: 'production', ALLOW_GUESTS: 'false', JWT_SECRET: 'test-secret-0123456789-abcdefghijklmnop' });
});
after(async () => { await server?.stop(); });

async function api(method, path, body, token) {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

let seq = 0;
async function newUser(displayName) {
  const username = `user${process.pid}x${++seq}`;
  const res = await api('POST', '/api/auth/register', { username, password: 'correct horse', displayName });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { username, token: res.body.token, user: res.body.user };
}

test('register, login and /api/auth/me round trip; wrong passwords and duplicates are refused', async () => {
  const username = `alice${process.pid}`;
  const reg = await api('POST', '/api/auth/register', { username, password: 'wonderland', displayName: 'Alice' });
  assert.equal(reg.status, 201);
  assert.equal(typeof reg.body.token, 'string');
  assert.deepEqual(Object.keys(reg.body.user).sort(), ['displayName', 'id', 'username']);
  assert.equal(reg.body.user.displayName, 'Alice');

  assert.equal((await api('POST', '/api/auth/register', { username: username.toUpperCase(), password: 'whatever1' })).status, 409);
  assert.equal((await api('POST', '/api/auth/register', { username: 'x', password: 'whatever1' })).body.error.code, 'BAD_REQUEST');
  assert.equal((await api('POST', '/api/auth/register', { username: 'validname', password: '123' })).body.error.code, 'BAD_REQUEST');

  const wrong = await api('POST', '/api/auth/login', { username, password: 'nope-nope' });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.error.code, 'UNAUTHORIZED');
  assert.equal((await api('POST', '/api/auth/login', { username: 'nobody-here', password: 'wonderland' })).status, 401);

  const login = await api('POST', '/api/auth/login', { username: username.toUpperCase(), password: 'wonderland' });
  assert.equal(login.status, 200);
  const me = await api('GET', '/api/auth/me', undefined, login.body.token);
  assert.deepEqual(me.body, reg.body.user);
  assert.equal((await api('GET', '/api/auth/me')).status, 401);
  assert.equal((await api('GET', '/api/auth/me', undefined, 'garbage.token.here')).status, 401);
});

test('the handshake accepts a token, refuses a bad token and (ALLOW_GUESTS=false) guests with UNAUTHORIZED', async () => {
  const { token, user } = await newUser('Tokened');
  const s = await connect(server.baseUrl, { token });
  const ack = await join(s, `auth-room-${process.pid}`);
  assert.equal(ack.peerId, s.id);
  const other = await connect(server.baseUrl, { token: (await newUser('Other')).token });
  await join(other, `auth-room-${process.pid}`);
  assert.deepEqual(await waitFor(s, 'newPeer'), { peerId: other.id, displayName: 'Other' });
  assert.equal(user.displayName, 'Tokened');

  const bad = await connectError(server.baseUrl, { token: `${token.slice(0, -4)}AAAA` });
  assert.equal(bad.data.code, 'UNAUTHORIZED');
  assert.equal(typeof bad.data.message, 'string');
  const garbage = await connectError(server.baseUrl, { token: 'not-a-jwt' });
  assert.equal(garbage.data.code, 'UNAUTHORIZED');
  const guest = await connectError(server.baseUrl, { displayName: 'Guest' });
  assert.equal(guest.data.code, 'UNAUTHORIZED');
  const nothing = await connectError(server.baseUrl, undefined);
  assert.equal(nothing.data.code, 'UNAUTHORIZED');
  closeAll(s, other);
});

test('stored rooms: create (signed in), list with live counts, get, delete by the owner only', async () => {
  const owner = await newUser('Owner');
  const stranger = await newUser('Stranger');
  const roomId = `stored-${process.pid}`;
  assert.equal((await api('POST', '/api/rooms', { id: roomId })).status, 401);
  const created = await api('POST', '/api/rooms', { id: roomId, name: 'Team sync', maxPeers: 5 }, owner.token);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.id, roomId);
  assert.equal(created.body.ownerId, owner.user.id);
  assert.equal((await api('POST', '/api/rooms', { id: roomId }, stranger.token)).status, 409);
  assert.equal((await api('POST', '/api/rooms', { id: 'bad id!' }, owner.token)).status, 400);

  const s = await connect(server.baseUrl, { token: stranger.token });
  await join(s, roomId);
  const list = await api('GET', '/api/rooms');
  const entry = list.body.rooms.find((r) => r.id === roomId);
  assert.equal(entry.participants, 1);
  assert.equal(entry.stored, true);
  assert.equal(entry.live, true);
  assert.equal(entry.name, 'Team sync');
  const got = await api('GET', `/api/rooms/${roomId}`);
  assert.equal(got.body.participants, 1);
  assert.equal((await api('GET', '/api/rooms/no-such-room')).status, 404);

  assert.equal((await api('DELETE', `/api/rooms/${roomId}`, undefined, stranger.token)).status, 403);
  assert.equal((await api('DELETE', `/api/rooms/${roomId}`)).status, 401);
  assert.equal((await api('DELETE', `/api/rooms/${roomId}`, undefined, owner.token)).status, 204);
  const after = await api('GET', `/api/rooms/${roomId}`);
  assert.equal(after.body.stored, false, 'still live, no longer stored');
  closeAll(s);
  await countsEventually(server.baseUrl, { rooms: 0, peers: 0, transports: 0, producers: 0, consumers: 0 });
  assert.equal((await api('GET', `/api/rooms/${roomId}`)).status, 404);
});

test('a stored room\'s owner is its host whenever present; size limit is ROOM_FULL; password is checked', async () => {
  const owner = await newUser('Owner');
  const a = await newUser('A');
  const b = await newUser('B');
  const roomId = `owned-${process.pid}`;
  assert.equal((await api('POST', '/api/rooms', { id: roomId, maxPeers: 2, password: 'sesame' }, owner.token)).status, 201);

  const sa = await connect(server.baseUrl, { token: a.token });
  assert.equal((await request(sa, 'joinRoom', { roomId })).error.code, 'FORBIDDEN');
  assert.equal((await request(sa, 'joinRoom', { roomId, password: 'wrong' })).error.code, 'FORBIDDEN');
  const aAck = await join(sa, roomId, { password: 'sesame' });
  assert.equal(aAck.isHost, true, 'first peer is host while the owner is away');

  const so = await connect(server.baseUrl, { token: owner.token });
  const oAck = await join(so, roomId); // the owner needs no password
  assert.equal(oAck.isHost, true);
  assert.deepEqual(await waitFor(sa, 'hostChanged'), { hostPeerId: so.id });

  const sb = await connect(server.baseUrl, { token: b.token });
  const full = await request(sb, 'joinRoom', { roomId, password: 'sesame' });
  assert.equal(full.error.code, 'ROOM_FULL');

  assert.equal((await request(sa, 'kickPeer', { peerId: so.id, roomId })).error.code, 'FORBIDDEN');
  assert.deepEqual(await request(so, 'kickPeer', { peerId: sa.id, roomId }), {});
  assert.deepEqual(await waitFor(sa, 'kicked'), { roomId, by: so.id });
  await join(sb, roomId, { password: 'sesame' });
  closeAll(sa, so, sb);
  await countsEventually(server.baseUrl, { rooms: 0, peers: 0, transports: 0, producers: 0, consumers: 0 });
});
