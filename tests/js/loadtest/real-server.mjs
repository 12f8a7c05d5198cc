// The real server, started the way the load generator's tests need it: loopback only, guests allowed, one media
// worker, a throwaway SQLite file in its own temporary folder.
import { mkdtemp } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDotnet, freePort } from '../lib/dotnet-process.mjs';

/** Starts the server; returns it with the temporary folder (for reports), which the caller removes. */
export async function startLoadTestServer(folderPrefix) {
  const dir = await mkdtemp(path.join(tmpdir(), folderPrefix));
  const port = await freePort();
  const server = await startDotnet('src/VibezLive.Server', {
    port,
    readyPath: '/healthz',
    timeoutMs: 60000,
    env: {
      PORT: String(port),
      ANNOUNCED_IP: '127.0.0.1',
      LISTEN_IP: '127.0.0.1',
      ALLOW_GUESTS: 'true',
      SQLITE_PATH: path.join(dir, 'vibez.db'),
      JWT_SECRET: randomBytes(32).toString('hex'),
      NUM_WORKERS: '1',
      Logging__LogLevel__Default: 'Warning',
    },
  });
  return { server, dir };
}
