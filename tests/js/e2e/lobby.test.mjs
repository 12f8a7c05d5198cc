// The lobby against the real server: a server that refuses guests asks them to sign in; registering in the page
// signs the user in and lets them join with their token; the live room list shows the room; a full room says so.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumPath, launchBrowser, joinRoom, waitFor } from '../lib/browser.mjs';
import { startVibezServer } from './vibez-server.mjs';

const skip = chromiumPath ? false : 'Chromium is not installed';
const notices = (page) => page.$$eval('#notices .notice', (els) => els.map((e) => ({ code: e.dataset.code, text: e.querySelector('.notice-text').textContent })));

async function register(page, username, password, displayName) {
  await page.click('#account [data-tab="register"]');
  await page.fill('#register-form [name="username"]', username);
  await page.fill('#register-form [name="password"]', password);
  await page.fill('#register-form [name="displayName"]', displayName);
  await page.click('#register-form button[type="submit"]');
  await page.waitForSelector('#account .signed-in');
}

describe('lobby: accounts, live rooms and refusals (real server, guests off, one peer per room)', { skip, timeout: 180000 }, () => {
  let server, browser;

  before(async () => {
    server = await startVibezServer({ env: { ALLOW_GUESTS: 'false', Signaling__MaxPeersPerRoom: '1' } });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a guest is asked to sign in; after registering in the page, the user joins and the room is listed live', async () => {
    const page = await browser.participant(server.baseUrl);
    await page.fill('#room-input', 'lobby-room');
    await page.fill('#name-input', 'Guest');
    await page.click('#join-button');
    await waitFor(async () => (await notices(page)).find((n) => n.code === 'UNAUTHORIZED'), { message: 'UNAUTHORIZED notice' });
    assert.match((await notices(page)).find((n) => n.code === 'UNAUTHORIZED').text, /sign in/i);
    assert.equal(await page.isVisible('#lobby'), true);

    await register(page, `ivy${Date.now() % 100000}`, 'correct horse battery', 'Ivy');
    assert.match(await page.textContent('#account .signed-in'), /Signed in as Ivy/);
    assert.equal(await page.inputValue('#name-input'), 'Guest', 'a typed name is kept');
    await joinRoom(page, { room: 'lobby-room', name: 'Ivy' });
    const token = await page.evaluate(() => localStorage.getItem('vibez.token'));
    assert.ok(token, 'the token is kept for the next visit');

    const watcher = await browser.participant(server.baseUrl);
    await waitFor(async () => {
      const rooms = await watcher.$$eval('#room-list .room', (els) => els.map((e) => ({ id: e.dataset.roomId, text: e.textContent })));
      return rooms.find((r) => r.id === 'lobby-room' && /1 person/.test(r.text));
    }, { message: 'lobby-room listed with 1 person', timeout: 15000 });

    // The room allows one peer: a second signed-in user is told it is full.
    await register(watcher, `jay${Date.now() % 100000}`, 'correct horse battery', 'Jay');
    await watcher.fill('#room-input', 'lobby-room');
    await watcher.fill('#name-input', 'Jay');
    await watcher.click('#join-button');
    await waitFor(async () => (await notices(watcher)).find((n) => n.code === 'ROOM_FULL'), { message: 'ROOM_FULL notice' });
    assert.match((await notices(watcher)).find((n) => n.code === 'ROOM_FULL').text, /room is full/i);
    assert.equal(await watcher.isVisible('#lobby'), true);
    assert.equal(await page.evaluate(() => window.vibez.model.phase), 'joined', 'the first user is still in the call');
  });
});
