// A real call through the engine: one headless Chromium page produces audio + video with mediasoup-client 3.24,
// another consumes both; the receiver must decode video frames and receive audio (VP8, VP9 and H264).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedEngine, openPage, waitFor } from './harness.mjs';

const engine = sharedEngine();

async function call(videoMimeType, encodings, expectWidth = 0) {
  const pub = await openPage(engine.browser, engine.host.baseUrl);
  const sub = await openPage(engine.browser, engine.host.baseUrl);
  try {
    const ids = await pub.page.evaluate(([mime, enc]) => window.produce(mime, enc), [videoMimeType, encodings]);
    await sub.page.evaluate((p) => window.consume([p.audio, p.video]), ids);
    const stats = await waitFor(() => sub.page.evaluate(() => window.inboundStats()), (s) =>
      s.some((x) => x.kind === 'video' && x.framesDecoded > 0) && s.some((x) => x.kind === 'audio' && x.packetsReceived > 0), 15000);
    const video = stats.find((x) => x.kind === 'video');
    const audio = stats.find((x) => x.kind === 'audio');
    assert.ok(video?.framesDecoded > 0, `no ${videoMimeType} frames decoded: ${JSON.stringify(stats)}\n${engine.host.output().slice(-3000)}\n${pub.logs.join('\n')}\n${sub.logs.join('\n')}`);
    assert.ok(audio?.packetsReceived > 0, `no audio received: ${JSON.stringify(stats)}`);
    if (expectWidth) {
      const wide = await waitFor(() => sub.page.evaluate(() => window.inboundStats()),
        (s) => s.some((x) => x.kind === 'video' && x.frameWidth >= expectWidth), 25000);
      assert.ok(wide.some((x) => x.kind === 'video' && x.frameWidth >= expectWidth), `the full-size layer never arrived: ${JSON.stringify(wide)}`);
    }
  } finally {
    await pub.context.close();
    await sub.context.close();
  }
}

test('audio + VP8 from one browser page are decoded by another', { timeout: 60000 }, () => call('video/VP8'));

test('VP9 is decoded', { timeout: 60000 }, () => call('video/VP9'));

test('H264 is decoded', { timeout: 60000 }, () => call('video/H264'));

test('a simulcast VP8 producer (RIDs, no SSRCs) is forwarded as one stream, switching up to the full-size layer', { timeout: 60000 }, () => call('video/VP8', [
  { rid: 'r0', scaleResolutionDownBy: 2, maxBitrate: 300000 },
  { rid: 'r1', scaleResolutionDownBy: 1, maxBitrate: 1200000 },
], 640));
