// Start-up configuration: embedded defaults (port 3000, SQLite file created on first start), .env, clear refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import https from 'node:https';
import { mkdtempSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dllPath, freePort } from '../lib/dotnet-process.mjs';
import { SERVER, sleep } from './helpers.mjs';

const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) =>
  !/^(PORT|NODE_ENV|ASPNETCORE_|DOTNET_ENVIRONMENT|DATABASE_URL|MONGODB_URI|MONGO_URI|JWT_SECRET|ALLOW_GUESTS|SQLITE_PATH|NUM_WORKERS|RTC_|ANNOUNCED_IP|LISTEN_IP|CORS_ORIGINS)/.test(k)));

/** Runs the server dll in `cwd` with `env`; resolves { code, out } when it exits, or { up: true } once `url` answers. */
function run(cwd, env, url, timeoutMs = 30000) {
  const proc = spawn('dotnet', [dllPath(SERVER)], { cwd, env: { ...CLEAN_ENV, DOTNET_NOLOGO: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d) => { out += d; });
  proc.stderr.on('data', (d) => { out += d; });
  const exited = new Promise((resolve) => proc.on('exit', (code) => resolve({ code, out })));
  const stop = async () => { proc.kill('SIGTERM'); const t = setTimeout(() => proc.kill('SIGKILL'), 8000); const r = await exited; clearTimeout(t); return r; };
  const ready = (async () => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) return null;
      try { if ((await fetch(url)).ok) return true; } catch { /* not yet */ }
      await sleep(100);
    }
    return null;
  })();
  return { exited, ready, stop, output: () => out };
}

function portFree(port) {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, () => srv.close(() => resolve(true)));
  });
}

test('with no configuration at all it starts in Development on port 3000 and creates its SQLite file', { skip: !(await portFree(3000)) && 'port 3000 is in use' }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vibez-defaults-'));
  const p = run(dir, { RTC_MIN_PORT: '0', RTC_MAX_PORT: '0' }, 'http://127.0.0.1:3000/readyz');
  try {
    assert.equal(await p.ready, true, p.output());
    assert.ok(existsSync(path.join(dir, 'vibezlive.db')), 'vibezlive.db created in the working directory');
    assert.match(p.output(), /Development/);
    const res = await fetch('http://127.0.0.1:3000/api/rooms');
    assert.deepEqual(await res.json(), { rooms: [] });
    const { code } = await p.stop();
    assert.equal(code, 0, 'graceful shutdown exits 0');
  } finally {
    await p.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a .env file in the working directory is read (PORT)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vibez-dotenv-'));
  const port = await freePort();
  writeFileSync(path.join(dir, '.env'), `# settings\nPORT=${port}\nRTC_MIN_PORT=0\nRTC_MAX_PORT=0\nNUM_WORKERS=1\n`);
  const p = run(dir, {}, `http://127.0.0.1:${port}/healthz`);
  try {
    assert.equal(await p.ready, true, p.output());
  } finally {
    await p.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('MONGODB_URI fails at start with a clear message', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vibez-mongo-'));
  const port = await freePort();
  const p = run(dir, { PORT: String(port), MONGODB_URI: 'mongodb://localhost:27017/vibez', RTC_MIN_PORT: '0', RTC_MAX_PORT: '0' }, `http://127.0.0.1:${port}/healthz`);
  try {
    const { code, out } = await p.exited;
    assert.equal(code, 1);
    assert.match(out, /MongoDB is not supported/);
    assert.match(out, /DATABASE_URL/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('production without JWT_SECRET fails at start naming JWT_SECRET', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vibez-prod-'));
  const port = await freePort();
  const p = run(dir, { PORT: String(port), NODE_ENV: 'production', LISTEN_IP: '127.0.0.1', RTC_MIN_PORT: '0', RTC_MAX_PORT: '0' }, `http://127.0.0.1:${port}/healthz`);
  try {
    const { code, out } = await p.exited;
    assert.equal(code, 1);
    assert.match(out, /JWT_SECRET/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('invalid values are refused with the setting named (RTC port range, DATABASE_URL)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vibez-invalid-'));
  const port = await freePort();
  const p = run(dir, { PORT: String(port), DATABASE_URL: 'mysql://root@localhost/db', RTC_MIN_PORT: '0', RTC_MAX_PORT: '0' }, `http://127.0.0.1:${port}/healthz`);
  try {
    const { code, out } = await p.exited;
    assert.equal(code, 1);
    assert.match(out, /DATABASE_URL/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('graceful shutdown (SIGTERM): peers are disconnected, rooms closed, exit code 0', async () => {
  const { io } = await import('socket.io-client');
  const dir = mkdtempSync(path.join(tmpdir(), 'vibez-shutdown-'));
  const port = await freePort();
  const p = run(dir, { PORT: String(port), RTC_MIN_PORT: '0', RTC_MAX_PORT: '0', NUM_WORKERS: '1', LISTEN_IP: '127.0.0.1' }, `http://127.0.0.1:${port}/readyz`);
  try {
    assert.equal(await p.ready, true, p.output());
    const socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], auth: { displayName: 'x' }, reconnection: false });
    await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('connect_error', reject); });
    const ack = await socket.timeout(5000).emitWithAck('joinRoom', { roomId: 'shutdown' });
    assert.equal(ack.roomId, 'shutdown');
    const disconnected = new Promise((resolve) => socket.once('disconnect', resolve));
    const { code } = await p.stop();
    assert.equal(code, 0, p.output());
    assert.ok(['io server disconnect', 'transport close'].includes(await disconnected));
    socket.close();
  } finally {
    await p.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

test('HTTPS when a certificate is configured (PEM certificate + key), Socket.IO over wss', { skip: !hasOpenssl && 'openssl missing' }, async () => {
  const { io } = await import('socket.io-client');
  const dir = mkdtempSync(path.join(tmpdir(), 'vibez-https-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const gen = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-keyout', key, '-out', cert], { encoding: 'utf8' });
  assert.equal(gen.status, 0, gen.stderr);
  const port = await freePort();
  const p = run(dir, { PORT: String(port), HTTPS_CERT_FILE: cert, HTTPS_KEY_FILE: key, RTC_MIN_PORT: '0', RTC_MAX_PORT: '0', NUM_WORKERS: '1', LISTEN_IP: '127.0.0.1' }, 'http://127.0.0.1:1/never');
  try {
    const get = () => new Promise((resolve, reject) => {
      https.get(`https://127.0.0.1:${port}/healthz`, { rejectUnauthorized: false }, (res) => { res.resume(); resolve(res.statusCode); }).on('error', reject);
    });
    let status;
    for (let i = 0; i < 100 && status === undefined; i++) {
      try { status = await get(); } catch { await sleep(100); }
    }
    assert.equal(status, 200, p.output());
    const socket = io(`https://127.0.0.1:${port}`, { transports: ['websocket'], auth: { displayName: 'tls' }, reconnection: false, rejectUnauthorized: false });
    await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('connect_error', reject); });
    const ack = await socket.timeout(5000).emitWithAck('joinRoom', { roomId: 'tls' });
    assert.equal(ack.roomId, 'tls');
    socket.close();
  } finally {
    await p.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
