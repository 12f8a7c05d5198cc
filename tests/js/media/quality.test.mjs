// Bandwidth feedback, loss repair and consent expiry through the engine, with real browsers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { makeWww, startHost, launch, launchKillable, openPage, waitFor, api, writeBusyCamera } from './harness.mjs';

let www;

before(async () => { www = await makeWww(); });
after(async () => { await www?.remove(); });

async function startCall(browser, baseUrl) {
  const pub = await openPage(browser, baseUrl);
  const sub = await openPage(browser, baseUrl);
  const ids = await pub.page.evaluate(() => window.produce('video/VP8'));
  const consumed = await sub.page.evaluate((p) => window.consume([p.audio, p.video]), ids);
  const stats = await waitFor(() => sub.page.evaluate(() => window.inboundStats()),
    (s) => s.some((x) => x.kind === 'video' && x.framesDecoded > 0), 15000);
  if (!stats.some((x) => x.kind === 'video' && x.framesDecoded > 0)) {
    const server = { producer: await api(baseUrl, '/api/stats', { id: ids.video }), consumer: await api(baseUrl, '/api/stats', { id: consumed.consumers[1].id }) };
    assert.fail(`call did not start: ${JSON.stringify(stats)}; server: ${JSON.stringify(server)}`);
  }
  return { pub, sub, ids, consumed };
}

test('transport-cc feedback lets the sender ramp above 500 kbit/s (30 fps busy file camera)', { timeout: 90000 }, async (t) => {
  const file = path.join(www.dir, 'camera.y4m');
  await writeBusyCamera(file);
  const host = await startHost(www.dir);
  const browser = await launch([`--use-file-for-fake-video-capture=${file}`]);
  try {
    const { pub } = await startCall(browser, host.baseUrl);
    let best = 0;
    const deadline = Date.now() + 30000;
    let last = await pub.page.evaluate(() => window.outboundVideoBytes());
    let lastAt = Date.now();
    while (Date.now() < deadline && best <= 500_000) {
      await new Promise((r) => setTimeout(r, 2000));
      const bytes = await pub.page.evaluate(() => window.outboundVideoBytes());
      const bps = ((bytes - last) * 8 * 1000) / (Date.now() - lastAt);
      best = Math.max(best, bps);
      last = bytes; lastAt = Date.now();
    }
    t.diagnostic(`sender video bitrate reached ${Math.round(best / 1000)} kbit/s`);
    assert.ok(best > 500_000, `sender video bitrate stayed at ${Math.round(best / 1000)} kbit/s`);
  } finally {
    await browser.close();
    await host.stop();
  }
});

test('with 5% of received RTP dropped, NACK/RTX repairs packets and video keeps decoding', { timeout: 90000 }, async () => {
  const host = await startHost(www.dir, ['--receive-loss', '0.05']);
  const browser = await launch();
  try {
    const { sub, ids } = await startCall(browser, host.baseUrl);
    const first = await sub.page.evaluate(() => window.inboundStats());
    const repaired = await waitFor(async () => (await api(host.baseUrl, '/api/stats', { id: ids.video }))[0],
      (s) => s?.packetsRepaired > 0 && s?.nackCount > 0, 20000);
    assert.ok(repaired?.nackCount > 0, `no NACK sent: ${JSON.stringify(repaired)}`);
    assert.ok(repaired?.packetsRepaired > 0, `no packet repaired: ${JSON.stringify(repaired)}`);
    const firstFrames = first.find((x) => x.kind === 'video').framesDecoded;
    const later = await waitFor(() => sub.page.evaluate(() => window.inboundStats()),
      (s) => s.find((x) => x.kind === 'video').framesDecoded > firstFrames + 30, 15000);
    assert.ok(later.find((x) => x.kind === 'video').framesDecoded > firstFrames + 30, `video stalled: ${JSON.stringify(later)}`);
  } finally {
    await browser.close();
    await host.stop();
  }
});

test('a client that vanishes is closed by ICE consent expiry and every count returns to zero', { timeout: 90000 }, async () => {
  const host = await startHost(www.dir, ['--consent-timeout', '3']);
  const { server, browser } = await launchKillable();
  try {
    await startCall(browser, host.baseUrl);
    const during = await api(host.baseUrl, '/api/counts');
    assert.deepEqual([during.transports, during.producers, during.consumers], [2, 2, 2]);
    server.process().kill('SIGKILL'); // no DTLS close_notify, no more STUN
    const after = await waitFor(() => api(host.baseUrl, '/api/counts'),
      (c) => c.transports === 0 && c.producers === 0 && c.consumers === 0, 15000);
    assert.deepEqual([after.transports, after.producers, after.consumers], [0, 0, 0], JSON.stringify(after));
    assert.ok(after.events.some((e) => e.endsWith(':Disconnected')), 'ICE state disconnected was not reported');
  } finally {
    await browser.close().catch(() => {});
    await server.close().catch(() => {});
    await host.stop();
  }
});
