// Shared setup of the engine's browser tests: bundles mediasoup-client (esbuild) next to the test page in a temp
// dir, starts the signaling shim (tests/VibezLive.Media.TestHost) and headless Chromium with fake devices.
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { mkdtemp, copyFile, rm } from 'node:fs/promises';
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
