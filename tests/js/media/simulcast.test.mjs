// Per-consumer simulcast layer selection with a real browser: Chromium publishes VP8 in three encodings (rid r0/r1/r2,
// scaled down by 4/2/1 from a 960x540 camera), another page consumes it, and the decoded frame width follows the
// layer the engine is asked to forward (setPreferredLayers through the TestHost shim), per consumer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedEngine, openPage, waitFor } from './harness.mjs';

const engine = sharedEngine();

const CAMERA = { width: 960, height: 540 };
const ENCODINGS = [
  { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 150000 },
  { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 500000 },
  { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 1500000 },
];
const LOW_WIDTH = CAMERA.width / 4;

test('each simulcast consumer decodes the layer it prefers: setPreferredLayers(0) gives the quarter-size stream, the top layer the larger one', { timeout: 120000 }, async (t) => {
  const pub = await openPage(engine.browser, engine.host.baseUrl);
  const sub = await openPage(engine.browser, engine.host.baseUrl);
  const other = await openPage(engine.browser, engine.host.baseUrl);
  const widthOf = async (page) => (await page.evaluate(() => window.inboundStats())).find((x) => x.kind === 'video')?.frameWidth ?? 0;
  const widths = () => widthOf(sub.page);
  const diag = async (what) => `${what}\nsubscriber: ${JSON.stringify(await sub.page.evaluate(() => window.inboundStats()))}`
    + `\npublisher sent: ${await pub.page.evaluate(() => window.outboundVideoBytes())} video bytes\n${engine.host.output().slice(-2000)}`
    + `\n${pub.logs.join('\n')}\n${sub.logs.join('\n')}`;
  try {
    const ids = await pub.page.evaluate(([enc, cam]) => window.produce('video/VP8', enc, cam), [ENCODINGS, CAMERA]);
    const { consumers } = await sub.page.evaluate((p) => window.consume([p.video]), ids);
    const video = consumers[0];
    assert.equal(video.type, 'simulcast');

    // Chromium starts with the low layers and adds the higher ones as its bandwidth estimate grows; by default the
    // consumer follows the highest one flowing. Anything above the quarter-size layer proves a switch up happened.
    const upWidth = await waitFor(widths, (w) => w > LOW_WIDTH, 45000);
    assert.ok(upWidth > LOW_WIDTH, await diag(`never got a layer above r0 (width ${upWidth})`));
    const up = await sub.page.evaluate((id) => window.consumerLayers(id), video.id);
    assert.equal(up.preferredSpatialLayer, 2);
    assert.ok(up.currentSpatialLayer >= 1, JSON.stringify(up));

    // A second consumer of the same producer asks for r0 at once; the first one keeps its larger layer.
    const { consumers: [otherVideo] } = await other.page.evaluate((p) => window.consume([p.video]), ids);
    await other.page.evaluate((id) => window.setPreferredLayers(id, 0), otherVideo.id);
    const otherWidth = await waitFor(() => widthOf(other.page), (w) => w === LOW_WIDTH, 15000);
    assert.equal(otherWidth, LOW_WIDTH, await diag(`the second consumer (r0) decodes width ${otherWidth}`));
    const firstWidth = await widths();
    assert.ok(firstWidth > LOW_WIDTH, `the first consumer keeps its larger layer (width ${firstWidth})`);

    // Down to r0: the engine requests a key frame of r0 and switches there; the decoder sees the smaller frames.
    const low = await sub.page.evaluate((id) => window.setPreferredLayers(id, 0), video.id);
    assert.equal(low.preferredSpatialLayer, 0);
    const lowWidth = await waitFor(widths, (w) => w === LOW_WIDTH, 15000);
    assert.equal(lowWidth, LOW_WIDTH, await diag('setPreferredLayers(0) did not bring the r0 stream'));
    assert.equal((await sub.page.evaluate((id) => window.consumerLayers(id), video.id)).currentSpatialLayer, 0);

    // Back to the top layer preference: at least the layer seen before comes back.
    await sub.page.evaluate((id) => window.setPreferredLayers(id, 2), video.id);
    const backWidth = await waitFor(widths, (w) => w >= upWidth, 15000);
    assert.ok(backWidth >= upWidth, await diag(`setPreferredLayers(2) did not bring back width ${upWidth} (got ${backWidth})`));
    const back = await sub.page.evaluate((id) => window.consumerLayers(id), video.id);
    t.diagnostic(`decoded widths: up ${upWidth}, second consumer ${otherWidth}, r0 ${lowWidth}, back ${backWidth}; layers ${JSON.stringify(back)}`);
  } finally {
    await pub.context.close();
    await sub.context.close();
    await other.context.close();
  }
});
