// Starts the Socket.IO conformance host (tests/VibezLive.SocketIO.ConformanceHost) and offers small helpers.
import { io } from 'socket.io-client';
import { startDotnet, freePort } from '../lib/dotnet-process.mjs';

export const HOST_DIR = 'tests/VibezLive.SocketIO.ConformanceHost';

/**
 * The contract's pingTimeout (200 ms) is shorter than the scheduling stalls of a loaded 2-core machine running
 * many test processes at once; a late pong would then end the session mid-test. The suites keep the contract's
 * 300 ms ping interval (heartbeats stay frequent and are exercised all the time) with a tolerant timeout.
 */
export const TOLERANT_HEARTBEAT = ['--ping-interval', '300', '--ping-timeout', '1500'];

export async function startHost(extraArgs = []) {
  const port = await freePort();
  return startDotnet(HOST_DIR, { port, args: ['--port', String(port), ...extraArgs] });
}

/** The three ways a socket.io-client can reach the server. */
export const TRANSPORT_MODES = {
  'polling only': { transports: ['polling'] },
  'websocket only': { transports: ['websocket'] },
  'upgrade (polling then websocket)': { transports: ['polling', 'websocket'] },
};

/** Per-test time limit: a lost acknowledgement must fail its test, not hang the suite. */
export const LIMIT = { timeout: 30_000 };

const opened = new Set();

/** Remembers a socket or manager so that closeAll() ends it even when its test failed halfway. */
export function track(x) { opened.add(x); return x; }

/** Closes every tracked socket/manager (no reconnection attempt may keep the test process alive). */
export function closeAll() {
  for (const x of opened) {
    try {
      if (typeof x.close === 'function') x.close();
      x.io?._close?.();
      x._close?.();
    } catch { /* already closed */ }
  }
  opened.clear();
}

export function connect(baseUrl, nsp = '/', opts = {}) {
  return track(io(baseUrl + (nsp === '/' ? '' : nsp), { reconnection: false, forceNew: true, ...opts }));
}

/** Resolves with the first arguments of `event`, rejects after `ms`. */
export function once(emitter, event, ms = 10000) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timeout waiting for '${event}'`)), ms);
    t.unref(); // a pending wait must not keep the test process alive
    emitter.once(event, (...args) => { clearTimeout(t); resolve(args); });
  });
}

export async function connected(socket, ms = 10000) {
  if (socket.connected) return;
  await Promise.race([once(socket, 'connect', ms), once(socket, 'connect_error', ms).then(([e]) => { throw e; })]);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until a polling+websocket client has completed its upgrade. */
export async function upgraded(socket, ms = 10000) {
  if (socket.io.engine.transport.name === 'websocket') return;
  await once(socket.io.engine, 'upgrade', ms);
}
