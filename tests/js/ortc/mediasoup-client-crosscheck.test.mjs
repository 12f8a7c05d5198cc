// Cross-check of the C# Ortc output against the real mediasoup-client (npm, the version the app ships), run in Node
// through the client's own FakeHandler (no browser). The JSON files are written by our Ortc and pinned by the C#
// test OrtcCrossCheckTests, which asserts that our code still produces exactly them:
//   vibezlive-router-rtpcapabilities.json  = GenerateRouterRtpCapabilities(MediaCodecDefaults.Default)
//   msclient-...-fake-recv-rtpcapabilities = what this client derives from it (checked here)
//   vibezlive-consumers.json               = GetConsumerRtpParameters(..., those recv caps) (consumed here)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Device } from 'mediasoup-client';
import { FakeHandler } from 'mediasoup-client/handlers/FakeHandler';
import * as fakeParameters from 'mediasoup-client/fakeParameters';
import * as ortc from 'mediasoup-client/ortc';

const fixtures = new URL('../../VibezLive.Media.Tests/Fixtures/', import.meta.url);
const load = (name) => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));

const routerCaps = load('vibezlive-router-rtpcapabilities.json');
const recvCaps = load('msclient-3.24.1-fake-recv-rtpcapabilities.json');
const consumers = load('vibezlive-consumers.json');

async function loadedDevice() {
  const device = new Device({ handlerFactory: FakeHandler.createFactory(fakeParameters) });
  await device.load({ routerRtpCapabilities: structuredClone(routerCaps) });
  return device;
}

test('router capabilities are already in the form mediasoup-client normalizes to', () => {
  const normalized = structuredClone(routerCaps);
  ortc.validateAndNormalizeRtpCapabilities(normalized);
  assert.deepEqual(normalized, routerCaps);
});

test('device.load() accepts the router capabilities and can produce audio and video', async () => {
  const device = await loadedDevice();
  assert.equal(device.loaded, true);
  assert.equal(device.canProduce('audio'), true);
  assert.equal(device.canProduce('video'), true);
});

test('receive capabilities carry the router payload types and ids (pinned fixture is current)', async () => {
  const device = await loadedDevice();
  assert.deepEqual(JSON.parse(JSON.stringify(device.recvRtpCapabilities)), recvCaps);
  const routerPts = new Set(routerCaps.codecs.map((c) => c.preferredPayloadType));
  for (const codec of device.recvRtpCapabilities.codecs) {
    assert.ok(routerPts.has(codec.preferredPayloadType), `${codec.mimeType} ${codec.preferredPayloadType}`);
  }
});

test('every consumer we generate is accepted by recvTransport.consume()', async () => {
  const device = await loadedDevice();
  const transport = device.createRecvTransport(fakeParameters.generateTransportRemoteParameters());
  transport.on('connect', (_params, callback) => callback());

  for (const [name, { kind, rtpParameters }] of Object.entries(consumers)) {
    const consumer = await transport.consume({ id: `consumer-${name}`, producerId: `producer-${name}`, kind, rtpParameters });
    assert.equal(consumer.kind, kind);
    assert.equal(consumer.rtpParameters.codecs[0].payloadType, rtpParameters.codecs[0].payloadType);
    assert.equal(consumer.rtpParameters.mid, rtpParameters.mid);
  }

  transport.close();
});

test('a consumer with a payload type the router never advertised is refused by the client', async () => {
  const device = await loadedDevice();
  const transport = device.createRecvTransport(fakeParameters.generateTransportRemoteParameters());
  transport.on('connect', (_params, callback) => callback());
  const rtpParameters = structuredClone(consumers.vp8.rtpParameters);
  rtpParameters.codecs[0].payloadType = 96;

  await assert.rejects(
    transport.consume({ id: 'c', producerId: 'p', kind: 'video', rtpParameters }),
    /cannot consume this Producer/);

  transport.close();
});
