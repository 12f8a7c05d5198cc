// Fan-out benchmark: N WebSocket clients in one room, one sender broadcasting; counts messages delivered per
// second, and the server's memory per idle connection. Loopback only, bounded in time and count.
//   node bench/socketio/fanout.mjs [--server dotnet|node|both] [--clients 1000] [--seconds 10] [--batch 20]
// Clients speak Engine.IO v4 / Socket.IO v5 directly over `ws` (cheaper than socket.io-client, so the load
// generator is less of a bottleneck; both servers get the very same client).
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { dllPath, freePort } from '../../tests/js/lib/dotnet-process.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name, def) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : def; };
const CLIENTS = Number(arg('clients', 1000));
const SECONDS = Number(arg('seconds', 10));
const BATCH = Number(arg('batch', 20));
const which = arg('server', 'both');

async function startServer(kind) {
  const port = await freePort();
  const cmd = kind === 'node'
    ? ['node', ['--expose-gc', path.join(here, 'node-server.mjs'), '--port', String(port)]]
    : ['dotnet', [dllPath('tests/VibezLive.SocketIO.ConformanceHost'), '--port', String(port), '--ping-interval', '25000', '--ping-timeout', '20000', '--connect-timeout', '45000']];
  const proc = spawn(cmd[0], cmd[1], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DOTNET_NOLOGO: '1' } });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not yet */ }
    await sleep(100);
  }
  return { proc, base, port };
}

function rssOf(pid) {
  // VmRSS from /proc (kB), the same measure for both runtimes.
  return import('node:fs').then((fs) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024);
}

/** CPU seconds (user + system) used by a process so far, from /proc/<pid>/stat. */
async function cpuOf(pid) {
  const fs = await import('node:fs');
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

async function stats(base) { return (await fetch(`${base}/stats`)).json(); }

/** A minimal Socket.IO client: connects to "/", answers pings, counts `broadcast` events, can send with acks. */
function client(port, onBroadcast) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: false });
    const acks = new Map();
    let nextAck = 0;
    const c = {
      ws,
      emitWithAck(event, ...args) {
        const id = nextAck++;
        ws.send(`42${id}${JSON.stringify([event, ...args])}`);
        return new Promise((r) => acks.set(id, r));
      },
    };
    ws.on('message', (data) => {
      const s = data.toString();
      if (s === '2') { ws.send('3'); return; }
      if (s[0] === '0') { ws.send('40'); return; }
      if (s.startsWith('40')) { resolve(c); return; }
      if (s.startsWith('42["broadcast"')) { onBroadcast(); return; }
      if (s.startsWith('43')) {
        const m = /^43(\d+)/.exec(s);
        const r = acks.get(Number(m[1])); acks.delete(Number(m[1])); r?.();
      }
    });
    ws.on('error', reject);
  });
}

async function run(kind) {
  const server = await startServer(kind);
  await sleep(1000);
  const before = await stats(server.base);
  const rssBefore = await rssOf(server.proc.pid);

  let delivered = 0;
  const clients = [];
  for (let i = 0; i < CLIENTS; i += 50) {
    clients.push(...await Promise.all(Array.from({ length: Math.min(50, CLIENTS - i) }, () => client(server.port, () => { delivered++; }))));
  }
  await Promise.all(clients.map((c) => c.emitWithAck('join', 'all')));
  await sleep(2000);
  const idle = await stats(server.base);
  const rssIdle = await rssOf(server.proc.pid);

  // Fan-out: batches of BATCH broadcasts; the next batch starts once the previous one reached every client.
  const sender = clients[0];
  const payload = { text: 'x'.repeat(100), n: 0 };
  let sent = 0;
  const cpu0 = await cpuOf(server.proc.pid);
  const t0 = performance.now();
  while (performance.now() - t0 < SECONDS * 1000) {
    for (let k = 0; k < BATCH; k++) { payload.n = sent++; sender.emitWithAck('broadcast', 'all', payload); }
    const target = sent * CLIENTS;
    const deadline = performance.now() + 30000;
    while (delivered < target && performance.now() < deadline) await sleep(1);
    if (delivered < target) { console.error(`${kind}: stalled at ${delivered}/${target}`); break; }
  }
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = (await cpuOf(server.proc.pid)) - cpu0;
  const result = {
    server: kind,
    clients: CLIENTS,
    broadcasts: sent,
    delivered,
    seconds: Number(elapsed.toFixed(2)),
    deliveredPerSecond: Math.round(delivered / elapsed),
    serverCpuMicrosPerDelivery: Number((cpu * 1e6 / delivered).toFixed(2)),
    rssPerIdleConnectionKB: Number(((rssIdle - rssBefore) / CLIENTS / 1024).toFixed(1)),
    heapPerIdleConnectionKB: Number((((idle.heapUsed ?? idle.managedBytes) - (before.heapUsed ?? before.managedBytes)) / CLIENTS / 1024).toFixed(1)),
    rssIdleMB: Number((rssIdle / 1048576).toFixed(1)),
  };
  clients.forEach((c) => c.ws.terminate());
  server.proc.kill('SIGTERM');
  await new Promise((r) => server.proc.once('exit', r));
  return result;
}

const results = [];
for (const kind of which === 'both' ? ['dotnet', 'node'] : [which]) results.push(await run(kind));
console.table(results);
console.log(JSON.stringify(results));
