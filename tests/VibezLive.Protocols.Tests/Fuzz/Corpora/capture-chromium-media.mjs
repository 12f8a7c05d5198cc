// Captures real Chromium RTP and RTCP (fixtures chromium-rtp.txt / chromium-rtcp.txt): ICE is answered here, DTLS is
// relayed to `openssl s_server -dtls1_2 -use_srtp`, and SRTP/SRTCP are decrypted here with the exported keying
// material (AES_CM_128_HMAC_SHA1_80, RFC 3711 §4.1.1 and §4.3). Not part of the test run. Reproduce:
//   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout /tmp/c/key.pem -out /tmp/c/cert.pem -subj /CN=x
//   unshare -n bash -c 'ip link set lo up && node tests/VibezLive.Protocols.Tests/Fuzz/Corpora/capture-chromium-media.mjs /tmp/c'
import { startIceLitePeer, openChromiumPage, sendOnlyOffer, iceLiteAnswer, aesCm, deriveSrtpKey, srtpIv, decryptSrtcp } from './capture-lib.mjs';

const dir = process.argv[2]; // holds cert.pem / key.pem
const media = [];
const peer = await startIceLitePeer({
  certDir: dir,
  onDatagram: (msg) => { if (msg[0] >= 128 && msg[0] <= 191) media.push(Buffer.from(msg)); },
});
const chromium = await openChromiumPage();
const offer = await sendOnlyOffer(chromium.page);
// Like mediasoup's router, accept no RED / ULPFEC / FlexFEC (nor their RTX): video is plain VP8 (+ RTX).
const answer = iceLiteAnswer(offer, { port: peer.port, fingerprint: peer.fingerprint, dropFec: true, stripSources: true });
await chromium.page.evaluate(async (sdp) => { await window.pc.setRemoteDescription({ type: 'answer', sdp }); }, answer);
await new Promise((r) => setTimeout(r, 6000));
const state = await chromium.page.evaluate(() => window.pc.connectionState);
await chromium.close();
peer.close();

const keying = peer.keying();
const clientKey = keying.subarray(0, 16), clientSalt = keying.subarray(32, 46);
const rtpKey = deriveSrtpKey(clientKey, clientSalt, 0, 16), rtpSalt = deriveSrtpKey(clientKey, clientSalt, 2, 14);
const rtcpKey = deriveSrtpKey(clientKey, clientSalt, 3, 16), rtcpSalt = deriveSrtpKey(clientKey, clientSalt, 5, 14);
const plain = [];
for (const p of media) {
  const pt = p[1];
  if (pt >= 192 && pt <= 223) {
    plain.push({ kind: 'rtcp', hex: decryptSrtcp(p, rtcpKey, rtcpSalt).toString('hex') });
  } else {
    const cc = p[0] & 15; let h = 12 + 4 * cc;
    if (p[0] & 0x10) h += 4 + 4 * p.readUInt16BE(h + 2);
    const body = p.subarray(0, p.length - 10);
    const ssrc = p.readUInt32BE(8), seq = p.readUInt16BE(2);
    plain.push({ kind: 'rtp', pt: pt & 127, hex: Buffer.concat([body.subarray(0, h), aesCm(rtpKey, srtpIv(rtpSalt, ssrc, seq), body.subarray(h))]).toString('hex') });
  }
}
console.log(JSON.stringify({ state, keying: keying?.toString('hex'), count: media.length, plain }, null, 1));
