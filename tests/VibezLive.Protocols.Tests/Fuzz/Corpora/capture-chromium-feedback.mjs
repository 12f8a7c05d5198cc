// Captures real Chromium RTCP feedback (fixture chromium-feedback.txt): Chromium receives a VP8 stream from here
// (SRTP-protected with the DTLS-exported server keys; DTLS itself is relayed to `openssl s_server -dtls1_2 -use_srtp`)
// with a few packets held back, and answers with receiver reports, transport-wide CC feedback, NACKs and PLIs,
// which are SRTCP-decrypted here. Not part of the test run. Reproduce (cert as for capture-chromium-media.mjs; the
// VP8 packets come from that script's JSON output):
//   unshare -n bash -c 'ip link set lo up && node tests/VibezLive.Protocols.Tests/Fuzz/Corpora/capture-chromium-feedback.mjs /tmp/c /tmp/c/media.json'
import crypto from 'node:crypto';
import fs from 'node:fs';
import { startIceLitePeer, openChromiumPage, iceLiteAnswer, aesCm, deriveSrtpKey, srtpIv, decryptSrtcp } from './capture-lib.mjs';

const [dir, mediaJson] = process.argv.slice(2);
const vp8 = JSON.parse(fs.readFileSync(mediaJson, 'utf8')).plain
  .filter(p => p.kind === 'rtp' && (parseInt(p.hex.slice(2, 4), 16) & 127) === 96).map(p => Buffer.from(p.hex, 'hex'));
const SSRC = 0x11112222;
const rtcp = [];
const peer = await startIceLitePeer({
  certDir: dir,
  onDatagram: (msg) => { if (msg[0] >= 128 && msg[0] <= 191 && msg[1] >= 192 && msg[1] <= 223) rtcp.push(Buffer.from(msg)); },
});
const chromium = await openChromiumPage();
const page = chromium.page;
const offer = await page.evaluate(async () => {
  // Without a media permission Chromium gathers no loopback host candidate, even when receiving only.
  (await navigator.mediaDevices.getUserMedia({ audio: true })).getTracks().forEach(t => t.stop());
  const pc = new RTCPeerConnection();
  window.pc = pc;
  pc.addTransceiver('audio', { direction: 'recvonly' });
  pc.addTransceiver('video', { direction: 'recvonly' });
  const o = await pc.createOffer();
  await pc.setLocalDescription(o);
  return o.sdp;
});
let answer = iceLiteAnswer(offer, { port: peer.port, fingerprint: peer.fingerprint, dropFec: true });
answer = answer.replace(/(m=video[^]*?a=mid:1\r\n)/, `$1a=msid:vibez video\r\na=ssrc:${SSRC} cname:vibez\r\n`);
await page.evaluate(async (sdp) => { await window.pc.setRemoteDescription({ type: 'answer', sdp }); }, answer);
for (let i = 0; i < 300 && !peer.keying(); i++) await new Promise(r => setTimeout(r, 50));
const keying = peer.keying();
if (!keying) {
  console.error('no DTLS keys; connection state', await page.evaluate(() => window.pc.connectionState), 'openssl said', peer.opensslOutput());
  process.exit(1);
}

const serverKey = keying.subarray(16, 32), serverSalt = keying.subarray(46, 60);
const rtpKey = deriveSrtpKey(serverKey, serverSalt, 0, 16), rtpAuth = deriveSrtpKey(serverKey, serverSalt, 1, 20), rtpSalt = deriveSrtpKey(serverKey, serverSalt, 2, 14);
let seq = 1000, twcc = 1;
const firstTs = vp8[0].readUInt32BE(4);
for (let round = 0; round < 2; round++) {
  let lastTs = null;
  for (const original of vp8) {
    const p = Buffer.from(original);
    const ts = p.readUInt32BE(4);
    if (lastTs !== null && ts !== lastTs) await new Promise(r => setTimeout(r, 50));
    lastTs = ts;
    p.writeUInt32BE(SSRC, 8);
    p.writeUInt16BE(seq, 2);
    p.writeUInt32BE((ts - firstTs + round * 270000 + 90000) >>> 0, 4);
    let h = 12; const words = p.readUInt16BE(14); const ext = p.subarray(16, 16 + 4 * words); h = 16 + 4 * words;
    for (let i = 0; i < ext.length;) { const b = ext[i]; if (b === 0) { i++; continue; } const id = b >> 4, len = (b & 15) + 1; if (id === 3) ext.writeUInt16BE(twcc & 0xffff, i + 1); i += 1 + len; }
    const held = seq % 40 === 7; // never sent: Chromium NACKs, then asks for a key frame
    const index = seq; seq++; twcc++;
    if (held) continue;
    const enc = Buffer.concat([p.subarray(0, h), aesCm(rtpKey, srtpIv(rtpSalt, SSRC, index), p.subarray(h))]);
    const tag = crypto.createHmac('sha1', rtpAuth).update(enc).update(Buffer.alloc(4)).digest().subarray(0, 10);
    peer.sendToChrome(Buffer.concat([enc, tag]));
  }
}
await new Promise(r => setTimeout(r, 1500));
const stats = await page.evaluate(async () => { const s = []; (await window.pc.getStats()).forEach(r => { if (r.type === 'inbound-rtp') s.push({ kind: r.kind, packetsReceived: r.packetsReceived, nackCount: r.nackCount, pliCount: r.pliCount, framesDecoded: r.framesDecoded }); }); return s; });
await chromium.close();
peer.close();

const clientKey = keying.subarray(0, 16), clientSalt = keying.subarray(32, 46);
const rtcpKey = deriveSrtpKey(clientKey, clientSalt, 3, 16), rtcpSalt = deriveSrtpKey(clientKey, clientSalt, 5, 14);
const plain = rtcp.map(p => decryptSrtcp(p, rtcpKey, rtcpSalt).toString('hex'));
console.log(JSON.stringify({ stats, count: rtcp.length, plain }, null, 1));
