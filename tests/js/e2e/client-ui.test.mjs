// The web client's behaviour against a signaling-only stand-in (mock-signaling.mjs): what each user sees when
// peers come and go, share, mute, kick and leave, and the messages for a denied camera, a full room, a refused
// guest and an unreachable server. No media flows here (call.test.mjs does that against the real server).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildWeb } from '../../../web/build.mjs';
import { startMockServer } from './mock-signaling.mjs';
import { chromiumPath, launchBrowser, joinRoom, tiles, waitFor } from '../lib/browser.mjs';

const skip = chromiumPath ? false : 'Chromium is not installed';

const remoteKeys = async (page) => (await tiles(page)).filter((t) => !t.self).map((t) => `${t.name}/${t.source}`).sort();
const notices = (page) => page.$$eval('#notices .notice', (els) => els.map((e) => ({ code: e.dataset.code, text: e.querySelector('.notice-text').textContent })));
const selfId = (page) => page.evaluate(() => window.vibez.model.selfId);

describe('web client UI (mock signaling)', { skip, timeout: 300000 }, () => {
  let webRoot, server, browser;

  before(async () => {
    webRoot = await mkdtemp(path.join(tmpdir(), 'vibez-web-'));
    await buildWeb({ outRoot: webRoot });
    server = await startMockServer({ webRoot, maxPeers: 3 });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (webRoot) await rm(webRoot, { recursive: true, force: true });
  });

  test('the lobby lists live rooms and a joined room shows one tile per participant, with names', async () => {
    const alice = await browser.participant(server.baseUrl);
    await joinRoom(alice, { room: 'ui-room', name: 'Alice' });
    const bob = await browser.participant(server.baseUrl);
    await waitFor(async () => (await bob.$$eval('#room-list .room', (els) => els.map((e) => e.dataset.roomId))).includes('ui-room'),
      { message: 'ui-room in the room list' });
    await bob.click('#room-list .room[data-room-id="ui-room"]');
    assert.equal(await bob.inputValue('#room-input'), 'ui-room');
    await bob.fill('#name-input', 'Bob');
    await bob.click('#join-button');
    await bob.waitForFunction(() => window.vibez?.model?.phase === 'joined');

    await waitFor(async () => (await remoteKeys(alice)).join() === 'Bob/camera', { message: "Bob's tile at Alice" });
    assert.deepEqual(await remoteKeys(bob), ['Alice/camera']);
    const own = (await tiles(bob)).find((t) => t.self);
    assert.equal(own.name, 'Bob (you)');
    assert.equal(await bob.textContent('#room-title'), 'ui-room');
    // Alice created the room: she is the host and may remove Bob; Bob may not remove anyone.
    assert.equal(await alice.$eval(`.tile[data-peer-id="${await selfId(bob)}"] .kick`, (b) => b.hidden), false);
    assert.equal(await bob.$eval(`.tile[data-peer-id="${await selfId(alice)}"] .kick`, (b) => b.hidden), true);

    // The server's activeSpeaker highlights that participant's tile.
    const bobId = await selfId(bob);
    server.io.emit('activeSpeaker', { peerId: bobId, producerId: 'p', volume: -20 });
    await waitFor(async () => (await tiles(alice)).find((t) => t.peerId === bobId)?.speaking, { message: "Bob's tile highlighted at Alice" });
    assert.equal((await tiles(bob)).find((t) => t.self)?.speaking, true, 'Bob sees his own tile highlighted');

    // Screen share: an extra tile for the others, gone when stopped (closeProducer -> producerClosed).
    await bob.click('#btn-share');
    await waitFor(async () => (await remoteKeys(alice)).includes('Bob · screen/screen'), { message: 'screen tile at Alice' });
    assert.equal(await bob.getAttribute('#btn-share', 'aria-pressed'), 'true');
    await bob.click('#btn-share');
    await waitFor(async () => !(await remoteKeys(alice)).includes('Bob · screen/screen'), { message: 'screen tile gone at Alice' });

    // Mute and camera off show on the others' tiles.
    await bob.click('#btn-mic');
    await bob.click('#btn-cam');
    await waitFor(async () => {
      const t = (await tiles(alice)).find((x) => x.name === 'Bob');
      return t?.mic === 'muted' && t?.cam === 'off';
    }, { message: "Bob's tile muted with camera off at Alice" });
    await bob.click('#btn-mic');
    await waitFor(async () => (await tiles(alice)).find((x) => x.name === 'Bob')?.mic === 'on', { message: "Bob's mic back on at Alice" });

    // Leave removes the tile for the others and returns to the lobby.
    await bob.click('#btn-leave');
    await bob.waitForSelector('#lobby:not([hidden])');
    await waitFor(async () => (await remoteKeys(alice)).length === 0, { message: "Bob's tile gone at Alice" });
    await alice.click('#btn-leave');
    await alice.context().close();
    await bob.context().close();
  });

  test('the host removes a participant, who sees why and is back in the lobby', async () => {
    const host = await browser.participant(server.baseUrl);
    await joinRoom(host, { room: 'kick-room', name: 'Hana' });
    const guest = await browser.participant(server.baseUrl);
    await joinRoom(guest, { room: 'kick-room', name: 'Gus' });
    const guestId = await selfId(guest);
    await host.waitForSelector(`.tile[data-peer-id="${guestId}"]`);
    await host.hover(`.tile[data-peer-id="${guestId}"]`);
    await host.click(`.tile[data-peer-id="${guestId}"] .kick`);
    await guest.waitForSelector('#lobby:not([hidden])');
    const kicked = (await notices(guest)).find((n) => n.code === 'KICKED');
    assert.ok(kicked, 'a KICKED notice is shown');
    assert.match(kicked.text, /removed from the room by Hana/);
    await waitFor(async () => (await remoteKeys(host)).length === 0, { message: "Gus's tile gone at the host" });
    await host.context().close();
    await guest.context().close();
  });

  test('after the signaling connection drops, the client rejoins by itself and the others see it again', async () => {
    const a = await browser.participant(server.baseUrl);
    await joinRoom(a, { room: 'drop-room', name: 'Ann' });
    const b = await browser.participant(server.baseUrl);
    await joinRoom(b, { room: 'drop-room', name: 'Ben' });
    const before = await selfId(b);
    // The transport dies (the server sees it close), and the network stays down for a while: reconnection
    // attempts fail until it is back.
    await b.evaluate(() => window.vibez.dropConnection());
    await b.context().setOffline(true);
    await b.waitForSelector('#conn-state[data-state="reconnecting"]');
    await waitFor(async () => (await remoteKeys(a)).length === 0, { message: "Ben's old tile gone at Ann" });
    await b.context().setOffline(false);
    await b.waitForFunction(() => window.vibez.model.phase === 'joined', null, { timeout: 20000 });
    assert.notEqual(await selfId(b), before, 'a new connection, so a new peer id');
    await waitFor(async () => (await remoteKeys(a)).join() === 'Ben/camera', { message: "Ben's tile back at Ann" });
    await waitFor(async () => (await remoteKeys(b)).join() === 'Ann/camera', { message: "Ann's tile back at Ben" });
    await a.context().close();
    await b.context().close();
  });

  test('clear messages: denied camera, full room, refused guest, unreachable server', async () => {
    // Camera and microphone denied: the user still joins (watch and listen only) and is told why.
    const denied = await browser.participant(server.baseUrl);
    await denied.evaluate(() => {
      navigator.mediaDevices.getUserMedia = async () => { throw new DOMException('Permission denied', 'NotAllowedError'); };
    });
    await joinRoom(denied, { room: 'full-room', name: 'NoCam' });
    const deniedNotice = (await notices(denied)).find((n) => n.code === 'MEDIA_DENIED');
    assert.ok(deniedNotice, 'a MEDIA_DENIED notice');
    assert.match(deniedNotice.text, /camera and microphone was denied/);
    assert.equal(await denied.isDisabled('#btn-mic'), true);
    assert.equal(await denied.isDisabled('#btn-cam'), true);

    // Full room (the stand-in allows 3).
    const others = [];
    for (const name of ['P2', 'P3']) {
      const p = await browser.participant(server.baseUrl);
      await joinRoom(p, { room: 'full-room', name });
      others.push(p);
    }
    const late = await browser.participant(server.baseUrl);
    await late.fill('#room-input', 'full-room');
    await late.fill('#name-input', 'Late');
    await late.click('#join-button');
    await waitFor(async () => (await notices(late)).find((n) => n.code === 'ROOM_FULL'), { message: 'ROOM_FULL notice' });
    assert.match((await notices(late)).find((n) => n.code === 'ROOM_FULL').text, /room is full/i);
    assert.equal(await late.isVisible('#lobby'), true);
    for (const p of [denied, late, ...others]) await p.context().close();

    // A server that refuses guests: the user is asked to sign in.
    const strict = await startMockServer({ webRoot, allowGuests: false });
    try {
      const g = await browser.participant(strict.baseUrl);
      await g.fill('#room-input', 'x');
      await g.fill('#name-input', 'Guest');
      await g.click('#join-button');
      await waitFor(async () => (await notices(g)).find((n) => n.code === 'UNAUTHORIZED'), { message: 'UNAUTHORIZED notice' });
      assert.match((await notices(g)).find((n) => n.code === 'UNAUTHORIZED').text, /sign in/i);
      await g.context().close();
    } finally { await strict.close(); }

    // The server goes away after the page loaded.
    const gone = await startMockServer({ webRoot });
    const u = await browser.participant(gone.baseUrl);
    await gone.close();
    await u.fill('#room-input', 'x');
    await u.fill('#name-input', 'Lonely');
    await u.click('#join-button');
    await waitFor(async () => (await notices(u)).find((n) => n.code === 'UNREACHABLE'), { timeout: 30000, message: 'UNREACHABLE notice' });
    assert.match((await notices(u)).find((n) => n.code === 'UNREACHABLE').text, /cannot be reached/);
    await u.context().close();
  });
});
