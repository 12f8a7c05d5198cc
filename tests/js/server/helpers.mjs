// Shared helpers of the server tests: start the real server process, connect the real socket.io-client,
// send events and wait for acks and server events, read counts from /metrics.
import { io } from 'socket.io-client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDotnet, freePort } from '../lib/dotnet-process.mjs';

export const SERVER = 'src/VibezLive.Server';

/** Starts the server on a free port with a throwaway SQLite file. */
export async function startServer(env = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'vibez-server-'));
  const port = await freePort();
  const server = await startDotnet(SERVER, {
    port,
    env: {
      PORT: String(port),
      SQLITE_PATH: path.join(dir, 'test.db'),
      ASPNETCORE_ENVIRONMENT: '',
      DOTNET_ENVIRONMENT: '',
      NODE_ENV: 'development',
      NUM_WORKERS: '1',
      LISTEN_IP: '127.0.0.1',
      RTC_MIN_PORT: '0',
      RTC_MAX_PORT: '0',
      Logging__LogLevel__Default: 'Warning',
      ...env,
    },
    readyPath: '/healthz',
  });
  const stop = server.stop;
  server.stop = async () => { await stop(); rmSync(dir, { recursive: true, force: true }); };
  return server;
}

/** Connects a socket.io-client (WebSocket) and resolves once connected. */
export function connect(baseUrl, auth = { displayName: 'guest' }, opts = {}) {
  const socket = io(baseUrl, { transports: ['websocket'], auth, reconnection: false, forceNew: true, ...opts });
  socket.events = [];
  socket.onAny((name, ...args) => socket.events.push({ name, args }));
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => { socket.close(); reject(new Error('connect timeout')); }, 10000);
    socket.once('connect', () => { clearTimeout(t); resolve(socket); });
    socket.once('connect_error', (err) => { clearTimeout(t); socket.close(); reject(err); });
  });
}

/** Resolves with the connect_error of a refused handshake. */
export function connectError(baseUrl, auth) {
  const socket = io(baseUrl, { transports: ['websocket'], auth, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => { socket.close(); reject(new Error('no connect_error')); }, 10000);
    socket.once('connect', () => { clearTimeout(t); socket.close(); reject(new Error('connected but should be refused')); });
    socket.once('connect_error', (err) => { clearTimeout(t); socket.close(); resolve(err); });
  });
}

/** Emits an event with an ack and resolves with the ack payload. */
export function request(socket, event, payload = {}) {
  return socket.timeout(10000).emitWithAck(event, payload);
}

/** Resolves with the payload of the next `name` event (or one already received when `fromIndex` is given). */
export function waitFor(socket, name, { timeoutMs = 5000, where = () => true } = {}) {
  const seen = socket.events.find((e) => e.name === name && !e.taken && where(e.args[0]));
  if (seen) { seen.taken = true; return Promise.resolve(seen.args[0]); }
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => { socket.offAny(h); reject(new Error(`no '${name}' within ${timeoutMs} ms`)); }, timeoutMs);
    const h = (ev, ...args) => {
      if (ev !== name || !where(args[0])) return;
      const rec = socket.events.find((e) => e.name === ev && e.args[0] === args[0]);
      if (rec) rec.taken = true;
      clearTimeout(t); socket.offAny(h); resolve(args[0]);
    };
    socket.onAny(h);
  });
}

/** True when no `name` event arrives within `ms`. */
export async function noEvent(socket, name, ms = 300) {
  const before = socket.events.filter((e) => e.name === name).length;
  await sleep(ms);
  return socket.events.filter((e) => e.name === name).length === before;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The signaling counts of /metrics: { rooms, peers, transports, producers, consumers }. */
export async function counts(baseUrl) {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const read = (name) => {
    const line = text.split('\n').find((l) => new RegExp(`^vibezlive_${name}(_[a-z]+)*(\\{[^}]*\\})? `).test(l));
    if (!line) throw new Error(`metric vibezlive_${name} missing in /metrics:\n${text.slice(0, 3000)}`);
    return Number(line.trim().split(/\s+/).pop());
  };
  return { rooms: read('rooms'), peers: read('peers'), transports: read('transports'), producers: read('producers'), consumers: read('consumers') };
}

/** Polls /metrics until the counts equal `expected` (cleanup runs asynchronously after a disconnect). */
export async function countsEventually(baseUrl, expected, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await counts(baseUrl);
    if (JSON.stringify(last) === JSON.stringify(expected)) return last;
    await sleep(100);
  }
  return last;
}

// RTP parameters shaped like those Chrome sends through mediasoup-client 3.24 (browser-testing.md §3): the
// browser's own payload types and header extension ids, msid, reducedSize, no rtcp.mux.
export function audioRtpParameters(ssrc = 11111111) {
  return {
    mid: '0',
    codecs: [{
      mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2,
      parameters: { minptime: 10, useinbandfec: 1 },
      rtcpFeedback: [{ type: 'transport-cc', parameter: '' }],
    }],
    headerExtensions: [
      { uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 4, encrypt: false, parameters: {} },
      { uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time', id: 2, encrypt: false, parameters: {} },
      { uri: 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01', id: 3, encrypt: false, parameters: {} },
      { uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level', id: 1, encrypt: false, parameters: {} },
    ],
    encodings: [{ ssrc, dtx: false }],
    rtcp: { cname: 'chrome-cname', reducedSize: true },
    msid: 'stream-1 audio-track-1',
  };
}

export function videoRtpParameters(ssrc = 22222222) {
  return {
    mid: '1',
    codecs: [
      {
        mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, parameters: {},
        rtcpFeedback: [
          { type: 'goog-remb', parameter: '' }, { type: 'transport-cc', parameter: '' },
          { type: 'ccm', parameter: 'fir' }, { type: 'nack', parameter: '' }, { type: 'nack', parameter: 'pli' },
        ],
      },
      { mimeType: 'video/rtx', payloadType: 97, clockRate: 90000, parameters: { apt: 96 }, rtcpFeedback: [] },
    ],
    headerExtensions: [
      { uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 4, encrypt: false, parameters: {} },
      { uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time', id: 2, encrypt: false, parameters: {} },
      { uri: 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01', id: 3, encrypt: false, parameters: {} },
      { uri: 'urn:3gpp:video-orientation', id: 13, encrypt: false, parameters: {} },
      { uri: 'urn:ietf:params:rtp-hdrext:toffset', id: 14, encrypt: false, parameters: {} },
    ],
    encodings: [{ ssrc, rtx: { ssrc: ssrc + 1 } }],
    rtcp: { cname: 'chrome-cname', reducedSize: true },
    msid: 'stream-1 video-track-1',
  };
}

/** A receiver's rtpCapabilities built from the router's (as mediasoup-client's Device would after load()). */
export function deviceCapabilities(routerRtpCapabilities) {
  return {
    codecs: routerRtpCapabilities.codecs.map((c) => ({ ...c })),
    headerExtensions: routerRtpCapabilities.headerExtensions
      .filter((h) => h.direction === undefined || h.direction === 'sendrecv' || h.direction === 'recvonly' || h.direction === 'sendonly')
      .map(({ kind, uri, preferredId, preferredEncrypt, direction }) => ({ kind, uri, preferredId, preferredEncrypt, direction })),
  };
}

/** DTLS parameters like a browser's (client role, one sha-256 fingerprint). */
export function clientDtlsParameters() {
  const hex = Array.from({ length: 32 }, (_, i) => ((i * 37 + 11) & 0xff).toString(16).padStart(2, '0').toUpperCase());
  return { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: hex.join(':') }] };
}

/** Joins `roomId` and returns the ack. */
export async function join(socket, roomId, extra = {}) {
  const ack = await request(socket, 'joinRoom', { roomId, ...extra });
  if (ack.error) throw new Error(`joinRoom failed: ${JSON.stringify(ack.error)}`);
  return ack;
}

export function closeAll(...sockets) { for (const s of sockets) s?.close(); }
