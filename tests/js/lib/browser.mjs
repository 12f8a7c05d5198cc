// Headless Debian Chromium driven by playwright-core, with fake camera/microphone, for the end-to-end tests.
// One browser, one context per participant (a context is a separate profile: own storage, own permissions).
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './dotnet-process.mjs';

export const chromiumPath = process.env.VIBEZ_CHROMIUM ?? ['/usr/bin/chromium', '/usr/lib/chromium/chromium'].find((p) => existsSync(p)) ?? null;
export const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots');

/** Flags: the tested recipe (headless, fake devices auto-accepted, no background traffic) plus loopback ICE
 *  candidates, which a loopback-only network namespace needs (without it Chromium gathers nothing there). */
export function chromiumArgs({ fakeVideoFile, fakeAudioFile } = {}) {
  const args = [
    '--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    '--disable-quic', '--autoplay-policy=no-user-gesture-required', '--allow-loopback-in-peer-connection',
    // getDisplayMedia without a picker: the fake UI picks the (fake) screen.
    '--auto-select-desktop-capture-source=Entire screen', '--enable-usermedia-screen-capturing',
  ];
  if (fakeVideoFile) args.push(`--use-file-for-fake-video-capture=${fakeVideoFile}`);
  if (fakeAudioFile) args.push(`--use-file-for-fake-audio-capture=${fakeAudioFile}`);
  return args;
}

/** A 640x480 30 fps testsrc2 MJPEG (more realistic than the built-in fake), or null without ffmpeg. */
export async function makeFakeVideo(dir, { seconds = 10 } = {}) {
  const file = path.join(dir, 'fake-640x480.mjpeg');
  if (existsSync(file)) return file;
  await mkdir(dir, { recursive: true });
  const r = spawnSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=640x480:rate=30:duration=${seconds}`,
    '-pix_fmt', 'yuvj420p', '-q:v', '5', '-f', 'mjpeg', file], { stdio: 'ignore', timeout: 60000 });
  return r.status === 0 && existsSync(file) ? file : null;
}

/**
 * Launches one headless Chromium. `participant(baseUrl)` opens a new context + page on that origin.
 * participant options: camera { color, label } paints the camera (see paintedCamera); appScript replaces the bundle;
 * grantMedia false leaves camera/microphone permissions ungranted.
 */
export async function launchBrowser(options = {}) {
  if (!chromiumPath) throw new Error('Chromium is not installed (apt-get install chromium)');
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs(options) });
  const contexts = [];
  return {
    browser,
    async participant(baseUrl, { name, grantMedia = true, viewport = { width: 1280, height: 720 }, camera, appScript } = {}) {
      const context = await browser.newContext({ viewport, permissions: grantMedia ? ['camera', 'microphone'] : [] });
      contexts.push(context);
      if (camera) await context.addInitScript(paintedCamera, camera);
      // Another bundle of the same client (e.g. built against an older mediasoup-client) in place of /dist/app.js.
      if (appScript) {
        await context.route((url) => url.pathname === '/dist/app.js',
          (route) => route.fulfill({ path: appScript, contentType: 'text/javascript; charset=utf-8' }));
      }
      const page = await context.newPage();
      page.vibezName = name;
      page.consoleLog = [];
      page.on('console', (m) => { page.consoleLog.push(`[${m.type()}] ${m.text()}`); if (page.consoleLog.length > 500) page.consoleLog.shift(); });
      page.on('pageerror', (e) => page.consoleLog.push(`[pageerror] ${e.message}`));
      page.on('dialog', (d) => d.accept()); // the host's "Remove X?" confirmation
      await page.goto(baseUrl);
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
    },
  };
}

/**
 * Replaces the fake camera of a page by a canvas painted in `color` with `label` and a moving bar, so that each
 * participant's video is recognisable in screenshots and by pixel colour (pixelColor) on the receiving side.
 * Runs in the page (addInitScript): must be self-contained.
 */
function paintedCamera({ color, label }) {
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints = {}) => {
    const wantVideo = !!constraints.video;
    const stream = await original({ ...constraints, video: false, audio: constraints.audio ?? false }).catch((e) => {
      if (constraints.audio && !wantVideo) throw e;
      return new MediaStream();
    });
    if (!wantVideo) return stream;
    const canvas = Object.assign(document.createElement('canvas'), { width: 640, height: 480 });
    const g = canvas.getContext('2d');
    let frame = 0;
    setInterval(() => {
      frame++;
      g.fillStyle = color;
      g.fillRect(0, 0, 640, 480);
      g.fillStyle = 'rgba(0,0,0,0.35)';
      g.fillRect(0, 400 + 0 * frame, 640, 80);
      g.fillRect((frame * 8) % 640, 400, 60, 80);
      g.fillStyle = '#fff';
      g.font = 'bold 64px sans-serif';
      g.textAlign = 'center';
      g.fillText(label, 320, 250);
    }, 33);
    const video = canvas.captureStream(30).getVideoTracks()[0];
    return new MediaStream([...stream.getAudioTracks(), video]);
  };
}

/** Average colour [r, g, b] of the top-left 40x40 pixels of a tile's video, or null when nothing is rendered. */
export function pixelColor(page, tileSelector) {
  return page.$eval(tileSelector, (el) => {
    const v = el.querySelector('video');
    if (!v || v.videoWidth === 0) return null;
    const c = Object.assign(document.createElement('canvas'), { width: v.videoWidth, height: v.videoHeight });
    const g = c.getContext('2d');
    g.drawImage(v, 0, 0);
    const d = g.getImageData(4, 4, 40, 40).data;
    const sum = [0, 0, 0];
    for (let i = 0; i < d.length; i += 4) { sum[0] += d[i]; sum[1] += d[i + 1]; sum[2] += d[i + 2]; }
    return sum.map((x) => Math.round(x / (d.length / 4)));
  });
}

/** True when two [r, g, b] colours are within `tolerance` on every channel. */
export function sameColor(a, b, tolerance = 48) {
  return !!a && !!b && a.every((x, i) => Math.abs(x - b[i]) <= tolerance);
}

/** Fills the join form and waits until the page says it is in the room. */
export async function joinRoom(page, { room, name, timeout = 45000 }) {
  await page.fill('#room-input', room);
  await page.fill('#name-input', name);
  await page.click('#join-button');
  await page.waitForFunction(() => window.vibez?.model?.phase === 'joined', null, { timeout });
}

/** inbound-rtp stats of every consumer of the page: [{ peerId, displayName, source, kind, framesDecoded, packetsReceived, ... }]. */
export function inboundStats(page) {
  return page.evaluate(() => window.vibez.inboundStats());
}

/** Remote tiles as the page shows them: [{ key, peerId, source, name, mic, cam, video, speaking }]. */
export function tiles(page) {
  return page.$$eval('#tiles .tile', (els) => els.map((el) => ({
    key: el.dataset.key, peerId: el.dataset.peerId, source: el.dataset.source, self: el.dataset.self === 'true',
    name: el.querySelector('.name')?.textContent ?? '', mic: el.dataset.mic, cam: el.dataset.cam, video: el.dataset.video,
    speaking: el.classList.contains('speaking'),
    playing: (() => { const v = el.querySelector('video'); return !!v && v.readyState >= 2 && v.videoWidth > 0; })(),
  })));
}

/** Polls `check` (sync or async) until it returns a truthy value; throws with the last value after `timeout` ms. */
export async function waitFor(check, { timeout = 20000, interval = 250, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try { last = await check(); if (last) return last; } catch (e) { last = e; }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${message}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Saves a PNG under test-results/screenshots and returns its path. */
export async function screenshot(page, name) {
  await mkdir(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
