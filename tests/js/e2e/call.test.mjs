// A real call through the real server: three headless Chromium participants running the web client
// (mediasoup-client 3.24.1, socket.io-client 4.8.4). Each participant's camera is a canvas painted in its own
// colour, so a receiver can tell by pixel colour that the right video reached the right tile.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../lib/dotnet-process.mjs';
import {
  chromiumPath, launchBrowser, joinRoom, inboundStats, waitFor, screenshot, pixelColor, sameColor,
} from '../lib/browser.mjs';
import { startVibezServer } from './vibez-server.mjs';
import { PEOPLE, waitForMediaFrom, remoteTiles, selfId, serverConsumerStats, serverProducerStats } from './helpers.mjs';

const skip = chromiumPath ? false : 'Chromium is not installed';

describe('a three-person call through the server (mediasoup-client 3.24.1)', { skip, timeout: 300000 }, () => {
  let server, browser;
  /** @type {Record<string, import('playwright-core').Page>} */
  const page = {};
  const room = `e2e-${Date.now().toString(36)}`;

  before(async () => {
    server = await startVibezServer();
    browser = await launchBrowser();
    for (const name of Object.keys(PEOPLE)) {
      page[name] = await browser.participant(server.baseUrl, { camera: { color: PEOPLE[name].color, label: name } });
      await joinRoom(page[name], { room, name });
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('each participant sees and decodes the two others, in the right tiles', async () => {
    for (const [name, p] of Object.entries(page)) {
      const others = Object.keys(PEOPLE).filter((n) => n !== name);
      await waitForMediaFrom(p, others, { senders: page });
      await waitFor(async () => {
        const ts = await remoteTiles(p);
        return others.every((o) => ts.some((t) => t.name === o && t.source === 'camera' && t.playing && t.mic === 'on' && t.cam === 'on'));
      }, { message: `${name} shows playing tiles of ${others.join(' and ')}` });
      for (const o of others) {
        const sel = `.tile[data-source="camera"][data-peer-id="${await selfId(page[o])}"]`;
        const color = await waitFor(async () => { const c = await pixelColor(p, sel); return sameColor(c, PEOPLE[o].rgb) ? c : false; },
          { timeout: 15000, message: `${name} shows ${o}'s colour in ${o}'s tile` });
        assert.ok(color);
      }
      assert.equal(await p.getAttribute('#conn-state', 'data-state'), 'connected');
    }
    for (const name of Object.keys(page)) await screenshot(page[name], `call-3p-${name.toLowerCase()}`);
    if (process.env.VIBEZ_UPDATE_DOCS_SCREENSHOT === '1') {
      await mkdir(path.join(repoRoot, 'docs/screenshots'), { recursive: true });
      await copyFile(path.join(repoRoot, 'test-results/screenshots/call-3p-alice.png'), path.join(repoRoot, 'docs/screenshots/three-person-call.png'));
    }
  });

  test('mute and camera off show on the others\' tiles, and media resumes after', async () => {
    const carolId = await selfId(page.Carol);
    await page.Carol.click('#btn-mic');
    await page.Carol.click('#btn-cam');
    for (const name of ['Alice', 'Bob']) {
      await waitFor(async () => {
        const t = (await remoteTiles(page[name])).find((x) => x.peerId === carolId && x.source === 'camera');
        return t?.mic === 'muted' && t?.cam === 'off' && t?.video === 'off';
      }, { message: `${name} sees Carol muted with her camera off` });
    }
    const before = await inboundStats(page.Alice);
    await page.Carol.click('#btn-mic');
    await page.Carol.click('#btn-cam');
    for (const name of ['Alice', 'Bob']) {
      await waitFor(async () => {
        const t = (await remoteTiles(page[name])).find((x) => x.peerId === carolId && x.source === 'camera');
        return t?.mic === 'on' && t?.cam === 'on';
      }, { message: `${name} sees Carol unmuted with her camera on` });
    }
    await waitForMediaFrom(page.Alice, ['Carol'], { since: before, minFrames: 10, minAudioPackets: 10, senders: page });
  });

  test('a screen share appears as an extra tile for the others and disappears for everyone when stopped', async () => {
    await page.Bob.click('#btn-share');
    for (const name of ['Alice', 'Carol']) {
      try {
        await waitFor(async () => (await inboundStats(page[name])).some((s) => s.displayName === 'Bob' && s.source === 'screen' && s.framesDecoded > 5),
          { timeout: 30000, message: `${name} decodes Bob's screen` });
      } catch (e) {
        throw new Error(`${e.message}\n  server consumers at ${name}: ${await serverConsumerStats(page[name])}\n  server producers of Bob: ${await serverProducerStats(page.Bob)}`);
      }
      await waitFor(async () => (await remoteTiles(page[name])).some((t) => t.name === 'Bob · screen' && t.source === 'screen' && t.playing),
        { message: `${name} shows Bob's screen tile` });
      assert.equal((await remoteTiles(page[name])).length, 3, 'two camera tiles and one screen tile');
    }
    await screenshot(page.Alice, 'call-3p-screen-share');
    if (process.env.VIBEZ_UPDATE_DOCS_SCREENSHOT === '1') {
      await copyFile(path.join(repoRoot, 'test-results/screenshots/call-3p-screen-share.png'), path.join(repoRoot, 'docs/screenshots/screen-share.png'));
    }
    await page.Bob.click('#btn-share');
    for (const name of ['Alice', 'Carol']) {
      await waitFor(async () => !(await remoteTiles(page[name])).some((t) => t.source === 'screen'),
        { message: `Bob's screen tile gone at ${name}` });
    }
    assert.equal(await page.Bob.$('.tile[data-source="screen"]'), null, 'Bob\'s own preview is gone too');
  });

  test('a participant whose connection drops comes back by itself and media flows again', async () => {
    const oldId = await selfId(page.Carol);
    await page.Carol.evaluate(() => window.vibez.dropConnection());
    await page.Carol.context().setOffline(true);
    await page.Carol.waitForSelector('#conn-state[data-state="reconnecting"]');
    await new Promise((r) => setTimeout(r, 1500));
    await page.Carol.context().setOffline(false);
    await page.Carol.waitForFunction(() => window.vibez.model?.phase === 'joined', null, { timeout: 30000 });
    const newId = await selfId(page.Carol);
    assert.notEqual(newId, oldId);
    await waitForMediaFrom(page.Carol, ['Alice', 'Bob'], { senders: page });
    for (const name of ['Alice', 'Bob']) {
      await waitForMediaFrom(page[name], ['Carol'], { senders: page });
      await waitFor(async () => {
        const ts = await remoteTiles(page[name]);
        return !ts.some((t) => t.peerId === oldId) && ts.some((t) => t.peerId === newId && t.playing);
      }, { message: `${name} shows Carol's new tile only` });
    }
    await page.Carol.waitForSelector('#conn-state[data-state="connected"]');
  });

  test('the host removes a participant, who is told why; the others no longer see them', async () => {
    const bobId = await selfId(page.Bob);
    assert.equal(await page.Alice.evaluate(() => window.vibez.session.isHost), true, 'Alice created the room: she is the host');
    await page.Alice.hover(`.tile[data-peer-id="${bobId}"]`);
    await page.Alice.click(`.tile[data-peer-id="${bobId}"] .kick`);
    await page.Bob.waitForSelector('#lobby:not([hidden])');
    const notices = await page.Bob.$$eval('#notices .notice', (els) => els.map((e) => ({ code: e.dataset.code, text: e.textContent })));
    const kicked = notices.find((n) => n.code === 'KICKED');
    assert.ok(kicked, `a KICKED notice (got ${JSON.stringify(notices)})`);
    assert.match(kicked.text, /removed from the room by Alice/);
    for (const name of ['Alice', 'Carol']) {
      await waitFor(async () => !(await remoteTiles(page[name])).some((t) => t.peerId === bobId), { message: `Bob's tile gone at ${name}` });
    }
  });

  test('leaving removes the tile for the others', async () => {
    const carolId = await selfId(page.Carol);
    await page.Carol.click('#btn-leave');
    await page.Carol.waitForSelector('#lobby:not([hidden])');
    await waitFor(async () => (await remoteTiles(page.Alice)).length === 0, { message: 'Alice alone' });
    assert.ok(!(await remoteTiles(page.Alice)).some((t) => t.peerId === carolId));
    assert.equal(await page.Alice.evaluate(() => window.vibez.model.phase), 'joined');
  });
});
