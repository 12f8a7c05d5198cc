// The same client bundled against an older mediasoup-client (3.7.18, npm alias 'mediasoup-client-3.7'): two
// participants on 3.7 and one on 3.24.1 join, publish, receive each other, and leave. Proves the server works with
// front ends built against older mediasoup-client versions (`new Device()`, `rtpCapabilities`, and the Chrome74
// handler's SDP).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildWeb } from '../../../web/build.mjs';
import { chromiumPath, launchBrowser, joinRoom, waitFor, screenshot, pixelColor, sameColor } from '../lib/browser.mjs';
import { startVibezServer } from './vibez-server.mjs';
import { waitForMediaFrom, remoteTiles, selfId } from './helpers.mjs';

const skip = chromiumPath ? false : 'Chromium is not installed';

// Erin also forces the Chrome74 handler: the SDP path that front ends of the 3.7 era used in Chrome.
const PEOPLE = {
  Dave: { color: '#b0489c', rgb: [176, 72, 156], legacy: true, handler: 'Chrome111' },
  Erin: { color: '#d08a2a', rgb: [208, 138, 42], legacy: true, handler: 'Chrome74', query: '?handler=Chrome74' },
  Frank: { color: '#2aa0a8', rgb: [42, 160, 168], legacy: false, handler: 'Chrome111' },
};

describe('older mediasoup-client 3.7 with the server', { skip, timeout: 240000 }, () => {
  let server, browser, legacyDir;
  const page = {};
  const room = `legacy-${Date.now().toString(36)}`;

  before(async () => {
    legacyDir = await mkdtemp(path.join(tmpdir(), 'vibez-web-msc37-'));
    await buildWeb({ outRoot: legacyDir, mediasoupClient: 'mediasoup-client-3.7' });
    server = await startVibezServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (legacyDir) await rm(legacyDir, { recursive: true, force: true });
  });

  test('3.7 and 3.24 participants join and publish; each shows and hears the others', async () => {
    for (const [name, who] of Object.entries(PEOPLE)) {
      page[name] = await browser.participant(server.baseUrl + (who.query ?? '/'), {
        camera: { color: who.color, label: name },
        appScript: who.legacy ? path.join(legacyDir, 'dist/app.js') : undefined,
      });
      await joinRoom(page[name], { room, name });
      const { version, handler } = await page[name].evaluate(() => ({ version: window.vibez.model.clientVersion, handler: window.vibez.model.handlerName }));
      if (who.legacy) assert.match(version, /^3\.7\./, 'the legacy bundle runs mediasoup-client 3.7');
      else assert.equal(version, '3.24.1');
      assert.equal(handler, who.handler);
    }
    for (const name of Object.keys(PEOPLE)) {
      const others = Object.keys(PEOPLE).filter((n) => n !== name);
      await waitFor(async () => (await page[name].evaluate(() => [...window.vibez.session.producers.keys()].sort().join())) === 'audio,camera',
        { message: `${name} publishes audio and camera` });
      await waitFor(async () => {
        const ts = await remoteTiles(page[name]);
        return others.every((o) => ts.some((t) => t.name === o && t.source === 'camera' && t.video === 'on'));
      }, { message: `${name} shows tiles of ${others.join(' and ')}` });
      await waitForMediaFrom(page[name], others, { video: false, senders: page });
    }
  });

  test('each decodes the others\' video, in the right tiles', async () => {
    for (const name of Object.keys(PEOPLE)) {
      const others = Object.keys(PEOPLE).filter((n) => n !== name);
      await waitForMediaFrom(page[name], others, { senders: page, timeout: 30000 });
      for (const o of others) {
        const sel = `.tile[data-source="camera"][data-peer-id="${await selfId(page[o])}"]`;
        await waitFor(async () => sameColor(await pixelColor(page[name], sel), PEOPLE[o].rgb),
          { timeout: 15000, message: `${name} shows ${o}'s colour in ${o}'s tile` });
      }
    }
    await screenshot(page.Dave, 'legacy-3p-dave');
  });

  test('a 3.7 participant leaves: its tile goes away for the others', async () => {
    const daveId = await selfId(page.Dave);
    await page.Dave.click('#btn-leave');
    await page.Dave.waitForSelector('#lobby:not([hidden])');
    for (const name of ['Erin', 'Frank']) {
      await waitFor(async () => !(await remoteTiles(page[name])).some((t) => t.peerId === daveId), { message: `Dave's tile gone at ${name}` });
    }
  });
});
