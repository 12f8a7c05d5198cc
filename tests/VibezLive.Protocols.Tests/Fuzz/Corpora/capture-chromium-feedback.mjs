// Captures real Chromium RTCP feedback (fixture chromium-feedback.txt): Chromium receives a VP8 stream from here
// (SRTP-protected with the DTLS-exported server keys; DTLS itself is relayed to `openssl s_server -dtls1_2 -use_srtp`)
// with a few packets held back, and answers with receiver reports, transport-wide CC feedback, NACKs and PLIs,
// which are SRTCP-decrypted here. Not part of the test run. Reproduce (cert as for capture-chromium-media.mjs; the
// VP8 packets come from that script's JSON output):
//   unshare -n bash -c 'ip link set lo up && node tests/VibezLive.Protocols.Tests/Fuzz/Corpora/capture-chromium-feedback.mjs /tmp/c /tmp/c/media.json'
import dgram from 'node:dgram';
import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
const require = createRequire(new URL('../../../../package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [dir, mediaJson] = process.argv.slice(2);
const vp8 = JSON.parse(fs.readFileSync(mediaJson, 'utf8')).plain
  .filter(p => p.kind === 'rtp' && (parseInt(p.hex.slice(2, 4), 16) & 127) === 96).map(p => Buffer.from(p.hex, 'hex'));
const UFRAG = 'vibezLiteUfrag01';
const PWD = 'vibezLitePassword0123456789';
const SSRC = 0x11112222;
const fingerprint = execFileSync('openssl', ['x509', '-in', `${dir}/cert.pem`, '-noout', '-fingerprint', '-sha256']).toString().split('=')[1].trim();

const sock = dgram.createSocket('udp4');
await new Promise(r => sock.bind(0, '127.0.0.1', r));
const port = sock.address().port;
const relay = dgram.createSocket('udp4');
await new Promise(r => relay.bind(0, '127.0.0.1', r));
const dtlsPort = 40000 + Math.floor(Math.random() * 10000);
const server = spawn('openssl', ['s_server', '-dtls1_2', '-accept', `127.0.0.1:${dtlsPort}`, '-cert', `${dir}/cert.pem`, '-key', `${dir}/key.pem`,
  '-use_srtp', 'SRTP_AES128_CM_SHA1_80', '-keymatexport', 'EXTRACTOR-dtls_srtp', '-keymatexportlen', '60'], { stdio: ['pipe', 'pipe', 'pipe'] });
let keying = null;
let out = '';
server.stdout.on('data', d => { out += d; const m = /Keying material: ([0-9A-F]+)/.exec(out); if (m) keying = Buffer.from(m[1], 'hex'); });
server.stderr.on('data', () => {});
await new Promise(r => setTimeout(r, 500));

let chrome = null;
const rtcp = [];
function attr(type, value) {
  const pad = (4 - (value.length % 4)) % 4;
  const b = Buffer.alloc(4 + value.length + pad);
  b.writeUInt16BE(type, 0); b.writeUInt16BE(value.length, 2); value.copy(b, 4);
  return b;
}
function respond(req, rinfo) {
  const xport = rinfo.port ^ 0x2112;
  const ip = rinfo.address.split('.').map(Number);
  let body = attr(0x20, Buffer.from([0, 1, xport >> 8, xport & 255, ip[0] ^ 0x21, ip[1] ^ 0x12, ip[2] ^ 0xa4, ip[3] ^ 0x42]));
  const hdr = Buffer.alloc(20); hdr.writeUInt16BE(0x0101, 0); hdr.writeUInt32BE(0x2112a442, 4); req.copy(hdr, 8, 8, 20);
  hdr.writeUInt16BE(body.length + 24, 2);
  body = Buffer.concat([body, attr(0x08, crypto.createHmac('sha1', PWD).update(Buffer.concat([hdr, body])).digest())]);
  hdr.writeUInt16BE(body.length + 8, 2);
  const fp = Buffer.alloc(4); fp.writeUInt32BE((zlib.crc32(Buffer.concat([hdr, body])) ^ 0x5354554e) >>> 0);
  sock.send(Buffer.concat([hdr, body, attr(0x8028, fp)]), rinfo.port, rinfo.address);
}
sock.on('message', (msg, rinfo) => {
  chrome = rinfo;
  if (msg[0] <= 3) { if (msg.readUInt16BE(0) === 0x0001) respond(msg, rinfo); }
  else if (msg[0] >= 20 && msg[0] <= 63) relay.send(msg, dtlsPort, '127.0.0.1');
  else if (msg[0] >= 128 && msg[0] <= 191 && msg[1] >= 192 && msg[1] <= 223) rtcp.push(Buffer.from(msg));
});
relay.on('message', msg => { if (chrome) sock.send(msg, chrome.port, chrome.address); });

// RFC 3711 §4.3.1 key derivation (kdr = 0), §4.1.1 AES-CM, §4.2 HMAC-SHA1-80.
function aesCm(key, iv, data) { const c = crypto.createCipheriv('aes-128-ctr', key, iv); return Buffer.concat([c.update(data), c.final()]); }
function derive(masterKey, masterSalt, label, length) {
  const x = Buffer.alloc(16); masterSalt.copy(x, 0); x[7] ^= label;
  return aesCm(masterKey, x, Buffer.alloc(length));
}
function iv(salt, ssrc, index) {
  const v = Buffer.alloc(16); salt.copy(v, 0);
  v[4] ^= ssrc >>> 24; v[5] ^= (ssrc >>> 16) & 255; v[6] ^= (ssrc >>> 8) & 255; v[7] ^= ssrc & 255;
  const idx = BigInt(index);
  for (let i = 0; i < 6; i++) v[13 - i] ^= Number((idx >> BigInt(8 * i)) & 255n);
  return v;
}

const http = await import('node:http');
const web = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html></html>'); });
await new Promise(r => web.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [
  '--no-sandbox', '--disable-gpu', '--allow-loopback-in-peer-connection', '--disable-quic',
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] });
const page = await (await browser.newContext({ permissions: ['camera', 'microphone'] })).newPage();
await page.goto(`http://127.0.0.1:${web.address().port}/`);
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
let answer = offer
  .replace(/a=ice-ufrag:.*/g, `a=ice-ufrag:${UFRAG}`)
  .replace(/a=ice-pwd:.*/g, `a=ice-pwd:${PWD}`)
  .replace(/a=fingerprint:.*/g, `a=fingerprint:sha-256 ${fingerprint}`)
  .replace(/a=setup:actpass/g, 'a=setup:passive')
  .replace(/a=recvonly/g, 'a=sendonly')
  .replace(/a=ice-options:.*\r\n/g, '')
  .replace(/(a=mid:.*\r\n)/g, `$1a=candidate:1 1 udp 2130706431 127.0.0.1 ${port} typ host\r\na=end-of-candidates\r\n`);
answer = answer.replace(/(t=0 0\r\n)/, '$1a=ice-lite\r\n');
const drop = new Set([...answer.matchAll(/a=rtpmap:(\d+) (red|ulpfec|flexfec-03)\//g)].map(m => m[1]));
for (const m of answer.matchAll(/a=fmtp:(\d+) apt=(\d+)/g)) if (drop.has(m[2])) drop.add(m[1]);
answer = answer.split('\r\n').filter(l => !/^a=(rtpmap|fmtp|rtcp-fb):(\d+)/.test(l) || !drop.has(/:(\d+)/.exec(l)[1]))
  .map(l => l.startsWith('m=video') ? l.split(' ').filter((t, i) => i < 3 || !drop.has(t)).join(' ') : l).join('\r\n');
answer = answer.replace(/(m=video[^]*?a=mid:1\r\n)/, `$1a=msid:vibez video\r\na=ssrc:${SSRC} cname:vibez\r\n`);
await page.evaluate(async (sdp) => { await window.pc.setRemoteDescription({ type: 'answer', sdp }); }, answer);
for (let i = 0; i < 300 && !keying; i++) await new Promise(r => setTimeout(r, 50));
if (!keying) {
  console.error('no DTLS keys; connection state', await page.evaluate(() => window.pc.connectionState), 'openssl said', out);
  process.exit(1);
}

const serverKey = keying.subarray(16, 32), serverSalt = keying.subarray(46, 60);
const rtpKey = derive(serverKey, serverSalt, 0, 16), rtpAuth = derive(serverKey, serverSalt, 1, 20), rtpSalt = derive(serverKey, serverSalt, 2, 14);
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
    const enc = Buffer.concat([p.subarray(0, h), aesCm(rtpKey, iv(rtpSalt, SSRC, index), p.subarray(h))]);
    const tag = crypto.createHmac('sha1', rtpAuth).update(enc).update(Buffer.alloc(4)).digest().subarray(0, 10);
    sock.send(Buffer.concat([enc, tag]), chrome.port, chrome.address);
  }
}
await new Promise(r => setTimeout(r, 1500));
const stats = await page.evaluate(async () => { const s = []; (await window.pc.getStats()).forEach(r => { if (r.type === 'inbound-rtp') s.push({ kind: r.kind, packetsReceived: r.packetsReceived, nackCount: r.nackCount, pliCount: r.pliCount, framesDecoded: r.framesDecoded }); }); return s; });
await browser.close();
server.kill();
sock.close(); relay.close(); web.close();

const clientKey = keying.subarray(0, 16), clientSalt = keying.subarray(32, 46);
const rtcpKey = derive(clientKey, clientSalt, 3, 16), rtcpSalt = derive(clientKey, clientSalt, 5, 14);
const plain = rtcp.map(p => {
  const body = p.subarray(0, p.length - 10);
  const e = body.readUInt32BE(body.length - 4);
  const payload = body.subarray(8, body.length - 4);
  const dec = (e & 0x80000000) ? aesCm(rtcpKey, iv(rtcpSalt, body.readUInt32BE(4), e & 0x7fffffff), payload) : payload;
  return Buffer.concat([body.subarray(0, 8), dec]).toString('hex');
});
console.log(JSON.stringify({ stats, count: rtcp.length, plain }, null, 1));
