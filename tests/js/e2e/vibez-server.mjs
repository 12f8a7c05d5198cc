// Starts the real server (src/VibezLive.Server, Release build) for a browser test: a fresh bundle of the web
// client, a throwaway SQLite file, guests allowed, media on 127.0.0.1 only.
import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDotnet, freePort } from '../lib/dotnet-process.mjs';
import { buildWeb } from '../../../web/build.mjs';

/**
 * @param {{ env?: Record<string, string> }} options extra environment (e.g. Signaling__MaxPeersPerRoom)
 * @returns {Promise<{ baseUrl: string, port: number, output: () => string, stop: () => Promise<void> }>}
 */
export async function startVibezServer({ env = {} } = {}) {
  // The Server build bundles the client too (web/Web.targets); rebuilding here keeps a test run on the current source.
  await buildWeb();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'vibez-e2e-'));
  const port = await freePort();
  const server = await startDotnet('src/VibezLive.Server', {
    port,
    readyPath: '/healthz',
    timeoutMs: 60000,
    env: {
      ASPNETCORE_ENVIRONMENT: 'Development',
      PORT: String(port),
      SQLITE_PATH: path.join(dataDir, 'vibez.db'),
      JWT_SECRET: randomBytes(32).toString('hex'),
      ALLOW_GUESTS: 'true',
      LISTEN_IP: '127.0.0.1',
      ANNOUNCED_IP: '127.0.0.1',
      Media__ListenIp: '127.0.0.1',
      Media__AnnouncedIp: '127.0.0.1',
      NUM_WORKERS: '1',
      ...env,
    },
  });
  return {
    ...server,
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
