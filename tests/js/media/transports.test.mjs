// The engine's other network paths with real Chromium + mediasoup-client: ICE-TCP only (RFC 6544 passive candidate,
// RFC 4571 framing; the UDP candidate disabled), and per-transport UDP ports (no shared WebRtcServer port).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeWww, startHost, launch, openPage, waitFor, api } from './harness.mjs';

/** Runs a VP8 + audio call through a host started with hostArgs; returns what both sides saw. */
async function call(hostArgs) {
  const www = await makeWww();
  const host = await startHost(www.dir, hostArgs);
  const browser = await launch();
  try {
    const pub = await openPage(browser, host.baseUrl);
    const sub = await openPage(browser, host.baseUrl);
    const ids = await pub.page.evaluate(() => window.produce('video/VP8'));
    const { transportId: recvTransportId } = await sub.page.evaluate((p) => window.consume([p.audio, p.video]), ids);
    const stats = await waitFor(() => sub.page.evaluate(() => window.inboundStats()), (s) =>
      s.some((x) => x.kind === 'video' && x.framesDecoded >= 30) && s.some((x) => x.kind === 'audio' && x.packetsReceived > 0), 20000);
    const diagnostics = () => `${JSON.stringify(stats)}\n${host.output().slice(-3000)}\n${pub.logs.join('\n')}\n${sub.logs.join('\n')}`;
    assert.ok(stats.some((x) => x.kind === 'video' && x.framesDecoded >= 30), `fewer than 30 video frames decoded: ${diagnostics()}`);
    assert.ok(stats.some((x) => x.kind === 'audio' && x.packetsReceived > 0), `no audio received: ${diagnostics()}`);
    const [sendServer] = await api(host.baseUrl, '/api/stats', { id: ids.transportId });
    const [recvServer] = await api(host.baseUrl, '/api/stats', { id: recvTransportId });
    const browserPair = await sub.page.evaluate(async () => {
      const report = await window.recvTransport.getStats();
      let pair; report.forEach((s) => { if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pair = s; });
      const local = pair && report.get(pair.localCandidateId);
      const remote = pair && report.get(pair.remoteCandidateId);
      return { local: local?.protocol, remote: remote?.protocol, remoteTcpType: remote?.tcpType, remotePort: remote?.port };
    });
    await pub.context.close();
    await sub.context.close();
    return { stats, sendServer, recvServer, browserPair };
  } finally {
    await browser.close();
    await host.stop();
    await www.remove();
  }
}

test('with UDP disabled, Chromium connects over ICE-TCP and the receiver decodes video', { timeout: 90000 }, async () => {
  const { stats, sendServer, recvServer, browserPair } = await call(['--enable-udp', 'false']);
  console.log(`ICE-TCP: ${JSON.stringify(stats.find((x) => x.kind === 'video'))}, server sent ${recvServer.bytesSent} B at ${recvServer.sendBitrate} bit/s`);
  assert.equal(sendServer.iceSelectedTuple?.protocol, 'tcp', JSON.stringify(sendServer));
  assert.equal(recvServer.iceSelectedTuple?.protocol, 'tcp', JSON.stringify(recvServer));
  assert.equal(browserPair.local, 'tcp', JSON.stringify(browserPair));
  assert.equal(browserPair.remote, 'tcp', JSON.stringify(browserPair));
  assert.ok(recvServer.rtpBytesSent > 0 && sendServer.rtpBytesReceived > 0, JSON.stringify({ sendServer, recvServer }));
});

test('with per-transport ports, each transport has its own UDP port and the call works', { timeout: 90000 }, async () => {
  const { sendServer, recvServer } = await call(['--use-webrtc-server', 'false', '--enable-tcp', 'false']);
  assert.equal(sendServer.iceSelectedTuple?.protocol, 'udp');
  assert.equal(recvServer.iceSelectedTuple?.protocol, 'udp');
  assert.notEqual(sendServer.iceSelectedTuple.localPort, recvServer.iceSelectedTuple.localPort);
});
