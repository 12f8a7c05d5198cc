// activeSpeaker end to end: a headless Chromium participant (the real web client) speaks a continuous tone from a
// fake microphone file; Chrome puts RFC 6464 audio levels in its RTP; a plain socket.io-client peer of the same room
// must receive `activeSpeaker` { peerId, producerId, volume } naming the browser's audio producer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromiumPath, launchBrowser, joinRoom } from '../lib/browser.mjs';
import { startVibezServer } from '../e2e/vibez-server.mjs';
import { connect, request, waitFor } from './helpers.mjs';

const skip = chromiumPath ? false : 'Chromium is not installed';

/** 4 s of a 440 Hz sine at about -10 dBFS, 48 kHz mono 16-bit PCM (Chromium loops the file). */
async function writeTone(file) {
  const rate = 48000; const samples = rate * 4;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0); wav.writeUInt32LE(36 + samples * 2, 4); wav.write('WAVE', 8);
  wav.write('fmt ', 12); wav.writeUInt32LE(16, 16); wav.writeUInt16LE(1, 20); wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24); wav.writeUInt32LE(rate * 2, 28); wav.writeUInt16LE(2, 32); wav.writeUInt16LE(16, 34);
  wav.write('data', 36); wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) wav.writeInt16LE(Math.round(10000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  await writeFile(file, wav);
}

let server, browser, dir, listener;

before(async () => {
  if (skip) return;
  dir = await mkdtemp(path.join(tmpdir(), 'vibez-speaker-'));
  const tone = path.join(dir, 'tone.wav');
  await writeTone(tone);
  server = await startVibezServer();
  browser = await launchBrowser({ fakeAudioFile: tone });
});

after(async () => {
  listener?.close();
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a speaking browser participant is announced as activeSpeaker to the room', { skip, timeout: 90000 }, async (t) => {
  const room = `speaker-${Date.now().toString(36)}`;
  listener = await connect(server.baseUrl, { displayName: 'listener' });
  const joined = await request(listener, 'joinRoom', { roomId: room, displayName: 'listener' });
  assert.ok(joined?.peerId, `joinRoom failed: ${JSON.stringify(joined)}`);

  const page = await browser.participant(server.baseUrl, { name: 'speaker' });
  await joinRoom(page, { room, name: 'speaker' });
  const speakerId = await page.evaluate(() => window.vibez.model.selfId);

  const event = await waitFor(listener, 'activeSpeaker', { timeoutMs: 30000, where: (e) => e?.peerId === speakerId });
  t.diagnostic(`activeSpeaker ${JSON.stringify(event)}`);
  assert.equal(typeof event.producerId, 'string');
  assert.ok(Number.isFinite(event.volume) && event.volume <= 0 && event.volume > -70, `volume ${event.volume} dBov`);
  const audio = listener.events.find((e) => e.name === 'newProducer' && e.args[0]?.producerId === event.producerId);
  assert.equal(audio?.args[0]?.kind, 'audio', 'activeSpeaker names the speaker\'s audio producer');

  // The speaking participant's own client gets it too (and highlights its tile).
  await page.waitForFunction((id) => window.vibez.model.activeSpeakerId === id, speakerId, { timeout: 10000 });
});
