// A signaling-only stand-in for the server, for testing the web client's UI logic without media: it serves the
// built page and answers PROTOCOL.md's events with well-formed mediasoup-shaped objects (ICE never connects, as
// no media server is behind it). Rooms, peers, producers, host, kick, pause and close follow PROTOCOL.md.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { randomBytes, randomInt } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';

const here = path.dirname(fileURLToPath(import.meta.url));
const routerRtpCapabilities = JSON.parse(await readFile(path.join(here, 'fixtures/router-rtp-capabilities.json'), 'utf8'));
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

const err = (code, message) => ({ error: { code, message } });
const id = () => randomBytes(8).toString('hex');

function fakeTransport() {
  const fingerprint = [...randomBytes(32)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
  return {
    id: id(),
    iceParameters: { usernameFragment: id(), password: randomBytes(16).toString('hex'), iceLite: true },
    iceCandidates: [],
    dtlsParameters: { role: 'auto', fingerprints: [{ algorithm: 'sha-256', value: fingerprint }] },
  };
}

function consumerRtpParameters(kind, mid) {
  const codec = routerRtpCapabilities.codecs.find((c) => c.kind === kind && !/rtx/i.test(c.mimeType));
  return {
    mid: String(mid),
    codecs: [{ mimeType: codec.mimeType, payloadType: codec.preferredPayloadType, clockRate: codec.clockRate,
      ...(codec.channels ? { channels: codec.channels } : {}), parameters: codec.parameters ?? {}, rtcpFeedback: codec.rtcpFeedback ?? [] }],
    headerExtensions: [],
    encodings: [{ ssrc: randomInt(1, 2 ** 31) }],
    rtcp: { cname: 'mock', reducedSize: true, mux: true },
  };
}

/**
 * @param {{ webRoot: string, maxPeers?: number, allowGuests?: boolean }} options
 * @returns {Promise<{ baseUrl: string, port: number, io: Server, rooms: Map, close: () => Promise<void> }>}
 */
export async function startMockServer({ webRoot, maxPeers = 10, allowGuests = true }) {
  const rooms = new Map(); // roomId -> { peers: Map<peerId, peer>, order: peerId[] }
  const leaveBySocket = new Map();
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/api/rooms') {
      const list = [...rooms.entries()].map(([rid, r]) => ({ id: rid, name: rid, participants: r.peers.size, live: true, stored: false, hasPassword: false }));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ rooms: list }));
      return;
    }
    const file = path.join(webRoot, url.pathname === '/' ? 'index.html' : path.normalize(url.pathname).replace(/^[/\\]+/, ''));
    try {
      const body = await readFile(file);
      res.setHeader('content-type', TYPES[path.extname(file)] ?? 'application/octet-stream');
      res.end(body);
    } catch {
      res.statusCode = 404;
      res.end('not found');
    }
  });
  const io = new Server(server);
  io.use((socket, next) => {
    const auth = socket.handshake.auth ?? {};
    if (auth.token || (allowGuests && auth.displayName)) { next(); return; }
    const e = new Error('Unauthorized');
    e.data = { code: 'UNAUTHORIZED', message: 'Guests are not allowed.' };
    next(e);
  });

  io.on('connection', (socket) => {
    let room = null;
    let roomId = null;
    const me = { peerId: socket.id, displayName: socket.handshake.auth?.displayName ?? 'Guest', producers: new Map(), consumers: new Map(), mid: 0 };
    const others = () => [...room.peers.values()].filter((p) => p !== me);
    const info = (p, peer) => ({ producerId: p.id, peerId: peer.peerId, kind: p.kind, appData: p.appData, paused: p.paused });

    const leave = () => {
      if (!room) return;
      for (const p of me.producers.values()) closeProducer(p);
      room.peers.delete(me.peerId);
      room.order = room.order.filter((x) => x !== me.peerId);
      socket.to(roomId).emit('peerLeft', { peerId: me.peerId });
      socket.leave(roomId);
      if (room.peers.size === 0) rooms.delete(roomId);
      room = null;
      roomId = null;
    };
    const closeProducer = (p) => {
      me.producers.delete(p.id);
      for (const other of others()) {
        for (const c of other.consumers.values()) {
          if (c.producerId !== p.id) continue;
          other.consumers.delete(c.id);
          io.to(other.peerId).emit('producerClosed', { producerId: p.id, consumerId: c.id });
        }
      }
    };
    const handle = (event, fn) => socket.on(event, async (data, ack) => {
      if (typeof ack !== 'function') return;
      if (event !== 'joinRoom' && !room) { ack(err('NOT_IN_ROOM', 'Join a room first.')); return; }
      try { ack(await fn(data ?? {})); } catch (e) { ack(err('INTERNAL', e.message)); }
    });

    handle('joinRoom', ({ roomId: rid, displayName }) => {
      if (room) return err('BAD_REQUEST', 'Already in a room.');
      if (typeof rid !== 'string' || !rid) return err('BAD_REQUEST', 'roomId is required.');
      let r = rooms.get(rid);
      if (r && r.peers.size >= maxPeers) return err('ROOM_FULL', `Room '${rid}' is full.`);
      if (!r) { r = { peers: new Map(), order: [] }; rooms.set(rid, r); }
      if (displayName) me.displayName = displayName;
      const peers = [...r.peers.values()].map((p) => ({ peerId: p.peerId, displayName: p.displayName }));
      const producers = [...r.peers.values()].flatMap((p) => [...p.producers.values()].map((x) => info(x, p)));
      room = r; roomId = rid;
      r.peers.set(me.peerId, me);
      r.order.push(me.peerId);
      socket.join(rid);
      socket.to(rid).emit('newPeer', { peerId: me.peerId, displayName: me.displayName });
      setImmediate(() => {
        socket.emit('routerCapabilities', { routerRtpCapabilities });
        socket.emit('currentProducers', { producers });
      });
      return { peerId: me.peerId, roomId: rid, routerRtpCapabilities, peers, producers };
    });
    handle('createWebRtcTransport', () => fakeTransport());
    handle('connectTransport', () => ({}));
    handle('restartIce', () => ({ iceParameters: fakeTransport().iceParameters }));
    handle('produce', ({ kind, rtpParameters, appData }) => {
      if ((kind !== 'audio' && kind !== 'video') || !rtpParameters) return err('BAD_REQUEST', 'kind and rtpParameters are required.');
      const p = { id: id(), kind, appData: appData ?? {}, paused: false };
      me.producers.set(p.id, p);
      socket.to(roomId).emit('newProducer', { producerId: p.id, peerId: me.peerId, kind, appData: p.appData });
      return { id: p.id };
    });
    handle('consume', ({ producerId }) => {
      for (const other of others()) {
        const p = other.producers.get(producerId);
        if (!p) continue;
        const c = { id: id(), producerId, kind: p.kind };
        me.consumers.set(c.id, c);
        return { id: c.id, producerId, kind: p.kind, rtpParameters: consumerRtpParameters(p.kind, me.mid++), type: 'simple', producerPaused: p.paused, appData: p.appData };
      }
      return err('NOT_FOUND', 'No such producer.');
    });
    handle('resumeConsumer', () => ({}));
    handle('pauseConsumer', () => ({}));
    for (const [event, paused] of [['pauseProducer', true], ['resumeProducer', false]]) {
      handle(event, ({ producerId }) => {
        const p = me.producers.get(producerId);
        if (!p) return err('NOT_FOUND', 'No such producer.');
        p.paused = paused;
        socket.to(roomId).emit(paused ? 'producerPaused' : 'producerResumed', { producerId, peerId: me.peerId });
        return {};
      });
    }
    handle('closeProducer', ({ producerId }) => {
      const p = me.producers.get(producerId);
      if (!p) return err('NOT_FOUND', 'No such producer.');
      closeProducer(p);
      return {};
    });
    handle('kickPeer', ({ peerId }) => {
      if (room.order[0] !== me.peerId) return err('FORBIDDEN', 'Only the host may kick.');
      const target = io.sockets.sockets.get(peerId);
      if (!target || !room.peers.has(peerId)) return err('NOT_FOUND', 'No such peer.');
      target.emit('kicked', { roomId, by: me.peerId });
      leaveBySocket.get(peerId)?.(); // removed from the room; its socket stays connected (PROTOCOL.md)
      return {};
    });
    handle('leaveRoom', () => { leave(); return {}; });
    leaveBySocket.set(socket.id, leave);
    socket.on('disconnect', () => { leave(); leaveBySocket.delete(socket.id); });
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port, baseUrl: `http://127.0.0.1:${port}`, io, rooms,
    async close() {
      io.disconnectSockets(true);
      await new Promise((r) => io.close(() => r()));
      server.closeAllConnections?.();
    },
  };
}
