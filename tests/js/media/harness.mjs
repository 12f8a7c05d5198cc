// Shared setup of the engine's browser tests: bundles mediasoup-client (esbuild) next to the test page in a temp
// dir, starts the signaling shim (tests/VibezLive.Media.TestHost) and headless Chromium with fake devices.
import { before, after } from 'node:test';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { mkdtemp, copyFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDotnet, freePort, repoRoot } from '../lib/dotnet-process.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

export const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  '--disable-quic', '--autoplay-policy=no-user-gesture-required', '--allow-loopback-in-peer-connection',
];

export async function makeWww() {
  const dir = await mkdtemp(path.join(tmpdir(), 'vibez-media-www-'));
  await build({
    stdin: { contents: "import * as m from 'mediasoup-client'; window.mediasoupClient = m;", resolveDir: repoRoot },
    bundle: true, format: 'iife', platform: 'browser', target: 'es2020', minify: true, logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' }, outfile: path.join(dir, 'mediasoup-client.js'),
  });
  for (const f of ['index.html', 'app.js']) await copyFile(path.join(here, 'www', f), path.join(dir, f));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function startHost(www, extraArgs = []) {
  const port = await freePort();
  return startDotnet('tests/VibezLive.Media.TestHost', { port, args: ['--port', String(port), '--www', www, ...extraArgs] });
}

export async function launch(extraArgs = []) {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: [...chromiumArgs, ...extraArgs] });
}

/** A browser whose process the test can kill (a client that vanishes without closing anything). */
export async function launchKillable(extraArgs = []) {
  const server = await chromium.launchServer({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: [...chromiumArgs, ...extraArgs] });
  const browser = await chromium.connect(server.wsEndpoint());
  return { server, browser };
}

/**
 * Writes a y4m "camera" file: 640x480, 30 fps, one second looped by Chromium, with 16x16 blocks of new random
 * luma every frame, so that the encoder always has more to send than the bandwidth estimate allows.
 */
export async function writeBusyCamera(file) {
  const w = 640; const h = 480; const frames = 30;
  const header = Buffer.from(`YUV4MPEG2 W${w} H${h} F30:1 Ip A1:1 C420jpeg\n`);
  const frameHeader = Buffer.from('FRAME\n');
  const frameSize = w * h * 3 / 2;
  const out = Buffer.alloc(header.length + frames * (frameHeader.length + frameSize));
  header.copy(out, 0);
  let pos = header.length;
  let seed = 12345;
  const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed >> 16; };
  for (let f = 0; f < frames; f++) {
    frameHeader.copy(out, pos); pos += frameHeader.length;
    for (let by = 0; by < h; by += 16) {
      for (let bx = 0; bx < w; bx += 16) {
        const v = rnd() & 0xff;
        for (let y = by; y < by + 16; y++) out.fill(v, pos + y * w + bx, pos + y * w + bx + 16);
      }
    }
    out.fill(128, pos + w * h, pos + frameSize);
    pos += frameSize;
  }
  await writeFile(file, out);
}

export async function openPage(browser, baseUrl) {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  const logs = [];
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  await page.goto(baseUrl + '/');
  return { context, page, logs };
}

/** Polls fn() until check(value) or the deadline; returns the last value. */
export async function waitFor(fn, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let value;
  while (Date.now() < deadline) {
    value = await fn();
    if (check(value)) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  return value;
}

export async function api(baseUrl, pathName, body) {
  const r = await fetch(baseUrl + pathName, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return r.json();
}

/**
 * Registers hooks that bundle the test page, start the TestHost and launch Chromium once for the calling test file,
 * and stop them after it. The returned object's `host` and `browser` are set once the `before` hook has run.
 */
export function sharedEngine() {
  const engine = { www: null, host: null, browser: null };
  before(async () => {
    engine.www = await makeWww();
    engine.host = await startHost(engine.www.dir);
    engine.browser = await launch();
  });
  after(async () => {
    await engine.browser?.close();
    await engine.host?.stop();
    await engine.www?.remove();
  });
  return engine;
}
