// Test page: drives the real mediasoup-client against the engine's signaling shim (tests/VibezLive.Media.TestHost).
/* global mediasoupClient */
'use strict';

async function api(path, body) {
  const r = await fetch('/api/' + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

let device;
async function load() {
  if (device) return;
  device = new mediasoupClient.Device();
  await device.load({ routerRtpCapabilities: await api('routerCapabilities') });
}

async function createTransport(direction) {
  const info = await api('createTransport');
  const t = direction === 'send' ? device.createSendTransport(info) : device.createRecvTransport(info);
  t.on('connect', ({ dtlsParameters }, callback, errback) =>
    api('connect', { transportId: t.id, dtlsParameters }).then(() => callback(), errback));
  t.on('produce', ({ kind, rtpParameters }, callback, errback) =>
    api('produce', { transportId: t.id, kind, rtpParameters }).then(({ id }) => callback({ id }), errback));
  return t;
}

window.produce = async (videoMimeType, encodings, camera = { width: 640, height: 480 }) => {
  await load();
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: camera });
  const transport = await createTransport('send');
  window.sendTransport = transport;
  const caps = device.sendRtpCapabilities ?? device.rtpCapabilities;
  const codec = videoMimeType
    ? caps.codecs.find((c) => c.mimeType.toLowerCase() === videoMimeType.toLowerCase())
    : undefined;
  if (videoMimeType && !codec) throw new Error(`browser cannot send ${videoMimeType}`);
  const audio = await transport.produce({ track: stream.getAudioTracks()[0] });
  const video = await transport.produce({ track: stream.getVideoTracks()[0], codec, encodings });
  return { audio: audio.id, video: video.id, transportId: transport.id };
};

window.consume = async (producerIds) => {
  await load();
  const transport = await createTransport('recv');
  window.recvTransport = transport;
  const out = [];
  for (const producerId of producerIds) {
    const info = await api('consume', {
      transportId: transport.id, producerId, rtpCapabilities: device.recvRtpCapabilities ?? device.rtpCapabilities,
    });
    const consumer = await transport.consume(info);
    await api('resume', { consumerId: consumer.id });
    const el = document.createElement(consumer.kind);
    el.srcObject = new MediaStream([consumer.track]);
    el.autoplay = true;
    el.muted = true;
    document.body.appendChild(el);
    el.play().catch(() => {});
    out.push({ id: consumer.id, kind: consumer.kind, type: info.type });
  }
  return { consumers: out, transportId: transport.id };
};

/** Asks the engine (through the shim) for another simulcast layer of a consumer; returns its layers. */
window.setPreferredLayers = (consumerId, spatialLayer) => api('setPreferredLayers', { consumerId, spatialLayer });

window.consumerLayers = (consumerId) => api('layers', { consumerId });

window.inboundStats = async () => {
  const result = [];
  (await window.recvTransport.getStats()).forEach((s) => {
    if (s.type === 'inbound-rtp') {
      result.push({ kind: s.kind, framesDecoded: s.framesDecoded ?? 0, packetsReceived: s.packetsReceived ?? 0,
        packetsLost: s.packetsLost ?? 0, nackCount: s.nackCount ?? 0, frameWidth: s.frameWidth ?? 0 });
    }
  });
  return result;
};

window.outboundVideoBytes = async () => {
  let bytes = 0;
  (await window.sendTransport.getStats()).forEach((s) => {
    if (s.type === 'outbound-rtp' && s.kind === 'video') bytes += s.bytesSent ?? 0;
  });
  return bytes;
};
