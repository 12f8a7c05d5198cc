// Starts a built .NET program of this repository (a server or a test host) on a free loopback port and
// stops it when the test is done. test.sh builds everything first (Release); a developer running one test
// file by hand builds with `dotnet build -c Release` (or sets VIBEZ_CONFIGURATION=Debug).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = process.env.VIBEZ_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const configuration = process.env.VIBEZ_CONFIGURATION ?? 'Release';

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

/** Path of the built dll of a project, e.g. dllPath('tests/VibezLive.SocketIO.ConformanceHost'). */
export function dllPath(projectDir) {
  const name = path.basename(projectDir);
  const p = path.join(repoRoot, projectDir, 'bin', configuration, 'net10.0', `${name}.dll`);
  if (!existsSync(p)) throw new Error(`${p} is missing: run 'dotnet build -c ${configuration}' first`);
  return p;
}

/**
 * Starts `dotnet <dll> ...args` and resolves once `http://127.0.0.1:<port><readyPath>` answers 2xx.
 * Returns { port, baseUrl, proc, output(), stop() }.
 */
export async function startDotnet(projectDir, { args = [], env = {}, port, readyPath = '/healthz', timeoutMs = 30000, cwd } = {}) {
  port ??= await freePort();
  const proc = spawn('dotnet', [dllPath(projectDir), ...args], {
    cwd: cwd ?? path.join(repoRoot, projectDir),
    env: { ...process.env, DOTNET_NOLOGO: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d) => { out += d; if (out.length > 200_000) out = out.slice(-100_000); };
  proc.stdout.on('data', keep); proc.stderr.on('data', keep);
  let exited = null;
  proc.on('exit', (code, sig) => { exited = { code, sig }; });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`${projectDir} exited early (${JSON.stringify(exited)}):\n${out}`);
    try { const r = await fetch(baseUrl + readyPath); if (r.ok) break; } catch { /* not up yet */ }
    if (Date.now() > deadline) { proc.kill('SIGKILL'); throw new Error(`${projectDir} not ready in ${timeoutMs} ms:\n${out}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port, baseUrl, proc,
    output: () => out,
    async stop() {
      if (exited) return;
      const done = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await done; clearTimeout(t);
    },
  };
}

/** Runs a built .NET program of this repository to completion (killed after `timeoutMs`) and returns its exit code
 * (or the signal that ended it) and its combined output. */
export async function runDotnet(projectDir, args, timeoutMs) {
  const proc = spawn('dotnet', [dllPath(projectDir), ...args], {
    cwd: repoRoot,
    env: { ...process.env, DOTNET_NOLOGO: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d) => { out += d; });
  proc.stderr.on('data', (d) => { out += d; });
  const code = await new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    proc.on('exit', (c, sig) => { clearTimeout(timer); resolve(c ?? sig); });
  });
  return { code, out };
}
