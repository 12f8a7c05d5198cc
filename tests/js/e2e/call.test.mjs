// A real call through the real server: three headless Chromium participants running the web client
// (mediasoup-client 3.24.1, socket.io-client 4.8.4). Each participant's camera is a canvas painted in its own
// colour, so a receiver can tell by pixel colour that the right video reached the right tile.
// The steps run in order on one call; every step (video, audio, tiles, states, recovery, kick, leave) is enforced.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../lib/dotnet-process.mjs';
import {
  chromiumPath, launchBrowser, joinRoom, inboundStats, waitFor, screenshot, pixelColor, sameColor,
} from '../lib/browser.mjs';
import { startVibezServer } from './vibez-server.mjs';
import {
  PEOPLE, waitForMediaFrom, remoteTiles, selfId, serverConsumerStats, serverProducerStats,
} from './helpers.mjs';

const skip = chromiumPath ? false : 'Chromium is not installed';
const NAMES = Object.keys(PEOPLE);
const othersOf = (name) => NAMES.filter((n) => n !== name);

async function copyToDocs(file, docsName) {
  if (process.env.VIBEZ_UPDATE_DOCS_SCREENSHOT !== '1') return;
  await mkdir(path.join(repoRoot, 'docs/screenshots'), { recursive: true });
  await copyFile(file, path.join(repoRoot, 'docs/screenshots', docsName));
}

describe('a three-person call through the server (mediasoup-client 3.24.1)', { skip, timeout: 420000 }, () => {
  let server, browser;
  /** @type {Record<string, import('playwright-core').Page>} */
  const page = {};
  const room = `e2e-${Date.now().toString(36)}`;

  before(async () => {
    server = await startVibezServer();
    browser = await launchBrowser();
    for (const name of NAMES) {
      page[name] = await browser.participant(server.baseUrl, { camera: { color: PEOPLE[name].color, label: name } });
      await joinRoom(page[name], { room, name });
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('each participant shows a named tile for each of the two others and hears them', async () => {
    for (const name of NAMES) {
      const others = othersOf(name);
      await waitFor(async () => {
        const ts = await remoteTiles(page[name]);
        return others.every((o) => ts.some((t) => t.name === o && t.source === 'camera' && t.mic === 'on' && t.cam === 'on' && t.video === 'on'));
      }, { message: `${name} shows tiles of ${others.join(' and ')}` });
      await waitForMediaFrom(page[name], others, { video: false, senders: page });
      await page[name].waitForSelector('#conn-state[data-state="connected"]');
      assert.equal((await remoteTiles(page[name])).length, 2);
    }
  });

  test('each participant decodes the two others\' video, in the right tiles', async () => {
    for (const name of NAMES) {
      const others = othersOf(name);
      await waitForMediaFrom(page[name], others, { senders: page, timeout: 30000 });
      for (const o of others) {
        const sel = `.tile[data-source="camera"][data-peer-id="${await selfId(page[o])}"]`;
        await waitFor(async () => sameColor(await pixelColor(page[name], sel), PEOPLE[o].rgb),
          { timeout: 15000, message: `${name} shows ${o}'s colour in ${o}'s tile` });
      }
    }
    for (const name of NAMES) await screenshot(page[name], `call-3p-${name.toLowerCase()}`);
    await copyToDocs(path.join(repoRoot, 'test-results/screenshots/call-3p-alice.png'), 'three-person-call.png');
  });

  test('mute and camera off show on the others\' tiles, and clear when turned back on', async () => {
    const carolId = await selfId(page.Carol);
    const carolTile = async (name) => (await remoteTiles(page[name])).find((x) => x.peerId === carolId && x.source === 'camera');
    await page.Carol.click('#btn-mic');
    await page.Carol.click('#btn-cam');
    await waitFor(async () => (await page.Carol.getAttribute('#btn-mic', 'aria-pressed')) === 'true', { message: 'Carol\'s mic button shows muted' });
    for (const name of ['Alice', 'Bob']) {
      await waitFor(async () => { const t = await carolTile(name); return t?.mic === 'muted' && t?.cam === 'off' && t?.video === 'off'; },
        { message: `${name} sees Carol muted with her camera off` });
    }
    await page.Carol.click('#btn-mic');
    await page.Carol.click('#btn-cam');
    for (const name of ['Alice', 'Bob']) {
      await waitFor(async () => { const t = await carolTile(name); return t?.mic === 'on' && t?.cam === 'on' && t?.video === 'on'; },
        { message: `${name} sees Carol unmuted with her camera on` });
    }
    const before = await inboundStats(page.Alice);
    await waitForMediaFrom(page.Alice, ['Carol'], { since: before, video: false, minAudioPackets: 10, senders: page });
  });

  test('after the camera is back on, its video is decoded again', async () => {
    const before = await inboundStats(page.Alice);
    await waitForMediaFrom(page.Alice, ['Carol'], { since: before, minFrames: 10, minAudioPackets: 10, senders: page, timeout: 30000 });
  });

  test('a screen share appears as an extra tile for the others', async () => {
    await page.Bob.click('#btn-share');
    // Sharing starts asynchronously (getDisplayMedia, then produce): wait for the button to show it.
    await waitFor(async () => (await page.Bob.getAttribute('#btn-share', 'aria-pressed')) === 'true', { message: 'Bob\'s share button shows sharing' });
    for (const name of ['Alice', 'Carol']) {
      await waitFor(async () => (await remoteTiles(page[name])).some((t) => t.name === 'Bob · screen' && t.source === 'screen' && t.video === 'on'),
        { message: `${name} shows Bob's screen tile` });
      assert.equal((await remoteTiles(page[name])).length, 3, 'two camera tiles and one screen tile');
    }
  });

  test('the shared screen is decoded by the others', async () => {
    for (const name of ['Alice', 'Carol']) {
      try {
        await waitFor(async () => (await inboundStats(page[name])).some((s) => s.displayName === 'Bob' && s.source === 'screen' && s.framesDecoded > 5),
          { timeout: 30000, message: `${name} decodes Bob's screen` });
      } catch (e) {
        const inbound = (await inboundStats(page[name])).filter((s) => s.kind === 'video').map((s) => `${s.displayName}/${s.source}: `
          + `packets=${s.packetsReceived} lost=${s.packetsLost} framesReceived=${s.framesReceived} decoded=${s.framesDecoded} keyFramesDecoded=${s.keyFramesDecoded} pli=${s.pliCount} nack=${s.nackCount}`);
        throw new Error(`${e.message}\n  browser: ${inbound.join('; ')}\n  server consumers at ${name}: ${await serverConsumerStats(page[name])}`
          + `\n  server producers of Bob: ${await serverProducerStats(page.Bob)}`);
      }
    }
    await screenshot(page.Alice, 'call-3p-screen-share');
    await copyToDocs(path.join(repoRoot, 'test-results/screenshots/call-3p-screen-share.png'), 'screen-share.png');
  });

  test('stopping the share removes that tile for everyone (closeProducer -> producerClosed)', async () => {
    await page.Bob.click('#btn-share');
    for (const name of ['Alice', 'Carol']) {
      await waitFor(async () => !(await remoteTiles(page[name])).some((t) => t.source === 'screen'), { message: `Bob's screen tile gone at ${name}` });
    }
    assert.equal(await page.Bob.$('.tile[data-source="screen"]'), null, 'Bob\'s own preview is gone too');
    assert.equal(await page.Bob.getAttribute('#btn-share', 'aria-pressed'), 'false');
  });

  let carolIds = null;

  test('a participant whose connection drops comes back by itself; the others see the new tile only', async () => {
    const oldId = await selfId(page.Carol);
    await page.Carol.evaluate(() => window.vibez.dropConnection());
    await page.Carol.context().setOffline(true);
    await page.Carol.waitForSelector('#conn-state[data-state="reconnecting"]');
    await new Promise((r) => setTimeout(r, 1500));
    await page.Carol.context().setOffline(false);
    await page.Carol.waitForFunction(() => window.vibez.model?.phase === 'joined', null, { timeout: 45000 });
    const newId = await selfId(page.Carol);
    assert.notEqual(newId, oldId, 'a new connection, so a new peer id');
    carolIds = { oldId, newId };
    await waitFor(async () => (await remoteTiles(page.Carol)).filter((t) => t.source === 'camera').length === 2, { message: 'Carol shows Alice and Bob again' });
    await waitForMediaFrom(page.Carol, ['Alice', 'Bob'], { video: false, senders: page });
    for (const name of ['Alice', 'Bob']) {
      await waitFor(async () => {
        const ts = await remoteTiles(page[name]);
        return !ts.some((t) => t.peerId === oldId) && ts.some((t) => t.peerId === newId && t.name === 'Carol');
      }, { message: `${name} shows Carol's new tile only` });
      await waitForMediaFrom(page[name], ['Carol'], { video: false, senders: page });
    }
    await page.Carol.waitForSelector('#conn-state[data-state="connected"]');
  });

  test('after coming back, video flows again both ways', async () => {
    assert.ok(carolIds, 'the reconnection step ran');
    await waitForMediaFrom(page.Carol, ['Alice', 'Bob'], { senders: page, timeout: 30000 });
    for (const name of ['Alice', 'Bob']) await waitForMediaFrom(page[name], ['Carol'], { senders: page, timeout: 30000 });
  });

  test('the host removes a participant, who is told why; the others no longer see them', async () => {
    const bobId = await selfId(page.Bob);
    assert.equal(await page.Alice.evaluate(() => window.vibez.session.isHost), true, 'Alice created the room: she is the host');
    assert.equal(await page.Bob.evaluate(() => window.vibez.session.isHost), false);
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
