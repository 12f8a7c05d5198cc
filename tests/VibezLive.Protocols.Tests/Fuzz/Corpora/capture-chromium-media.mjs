// Captures real Chromium RTP and RTCP (fixtures chromium-rtp.txt / chromium-rtcp.txt): ICE is answered here, DTLS is
// relayed to `openssl s_server -dtls1_2 -use_srtp`, and SRTP/SRTCP are decrypted here with the exported keying
// material (AES_CM_128_HMAC_SHA1_80, RFC 3711 §4.1.1 and §4.3). Not part of the test run. Reproduce:
//   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout /tmp/c/key.pem -out /tmp/c/cert.pem -subj /CN=x
//   unshare -n bash -c 'ip link set lo up && node tests/VibezLive.Protocols.Tests/Fuzz/Corpora/capture-chromium-media.mjs /tmp/c'
import dgram from 'node:dgram';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
const require = createRequire(new URL('../../../../package.json', import.meta.url));
const { chromium } = require('playwright-core');

const dir = process.argv[2]; // holds cert.pem / key.pem
const UFRAG = 'vibezLiteUfrag01';
const PWD = 'vibezLitePassword0123456789';
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
const media = [];
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
  else if (msg[0] >= 128 && msg[0] <= 191) media.push(Buffer.from(msg));
});
relay.on('message', msg => { if (chrome) sock.send(msg, chrome.port, chrome.address); });

const http = await import('node:http');
const web = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html></html>'); });
await new Promise(r => web.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [
  '--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection', '--disable-quic'] });
const page = await (await browser.newContext({ permissions: ['camera', 'microphone'] })).newPage();
await page.goto(`http://127.0.0.1:${web.address().port}/`);
const offer = await page.evaluate(async () => {
  const pc = new RTCPeerConnection();
  window.pc = pc;
  const s = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
  for (const t of s.getTracks()) pc.addTransceiver(t, { direction: 'sendonly' });
  const o = await pc.createOffer();
  await pc.setLocalDescription(o);
  return o.sdp;
});
let answer = offer
  .replace(/a=ice-ufrag:.*/g, `a=ice-ufrag:${UFRAG}`)
  .replace(/a=ice-pwd:.*/g, `a=ice-pwd:${PWD}`)
  .replace(/a=fingerprint:.*/g, `a=fingerprint:sha-256 ${fingerprint}`)
  .replace(/a=setup:actpass/g, 'a=setup:passive')
  .replace(/a=sendonly/g, 'a=recvonly')
  .replace(/a=ice-options:.*\r\n/g, '')
  .replace(/(a=mid:.*\r\n)/g, `$1a=candidate:1 1 udp 2130706431 127.0.0.1 ${port} typ host\r\na=end-of-candidates\r\n`)
  .replace(/a=ssrc.*\r\n/g, '').replace(/a=msid.*\r\n/g, '');
answer = answer.replace(/(t=0 0\r\n)/, '$1a=ice-lite\r\n');
// Like mediasoup's router, accept no RED / ULPFEC / FlexFEC (nor their RTX): video is plain VP8 (+ RTX).
const drop = new Set([...answer.matchAll(/a=rtpmap:(\d+) (red|ulpfec|flexfec-03)\//g)].map(m => m[1]));
for (const m of answer.matchAll(/a=fmtp:(\d+) apt=(\d+)/g)) if (drop.has(m[2])) drop.add(m[1]);
answer = answer.split('\r\n').filter(l => !/^a=(rtpmap|fmtp|rtcp-fb):(\d+)/.test(l) || !drop.has(/:(\d+)/.exec(l)[1]))
  .map(l => l.startsWith('m=video') ? l.split(' ').filter((t, i) => i < 3 || !drop.has(t)).join(' ') : l).join('\r\n');
await page.evaluate(async (sdp) => { await window.pc.setRemoteDescription({ type: 'answer', sdp }); }, answer);
await new Promise(r => setTimeout(r, 6000));
const state = await page.evaluate(() => window.pc.connectionState);
await browser.close();
server.kill();
sock.close(); relay.close(); web.close();

// RFC 3711 §4.3.1 key derivation (kdr = 0) and §4.1.1 AES-CM.
function aesCm(key, iv, data) { const c = crypto.createCipheriv('aes-128-ctr', key, iv); return Buffer.concat([c.update(data), c.final()]); }
function derive(masterKey, masterSalt, label, length) {
  const x = Buffer.alloc(16); masterSalt.copy(x, 0); x[7] ^= label;
  return aesCm(masterKey, x, Buffer.alloc(length));
}
const clientKey = keying.subarray(0, 16), clientSalt = keying.subarray(32, 46);
const rtpKey = derive(clientKey, clientSalt, 0, 16), rtpSalt = derive(clientKey, clientSalt, 2, 14);
const rtcpKey = derive(clientKey, clientSalt, 3, 16), rtcpSalt = derive(clientKey, clientSalt, 5, 14);
function iv(salt, ssrc, index) {
  const v = Buffer.alloc(16); salt.copy(v, 0);
  v[4] ^= ssrc >>> 24; v[5] ^= (ssrc >>> 16) & 255; v[6] ^= (ssrc >>> 8) & 255; v[7] ^= ssrc & 255;
  const idx = BigInt(index);
  for (let i = 0; i < 6; i++) v[13 - i] ^= Number((idx >> BigInt(8 * i)) & 255n);
  return v;
}
const plain = [];
for (const p of media) {
  const pt = p[1];
  if (pt >= 192 && pt <= 223) {
    const body = p.subarray(0, p.length - 10);
    const e = body.readUInt32BE(body.length - 4);
    const index = e & 0x7fffffff;
    const ssrc = body.readUInt32BE(4);
    const enc = (e & 0x80000000) !== 0;
    const payload = body.subarray(8, body.length - 4);
    plain.push({ kind: 'rtcp', hex: Buffer.concat([body.subarray(0, 8), enc ? aesCm(rtcpKey, iv(rtcpSalt, ssrc, index), payload) : payload]).toString('hex') });
  } else {
    const cc = p[0] & 15; let h = 12 + 4 * cc;
    if (p[0] & 0x10) h += 4 + 4 * p.readUInt16BE(h + 2);
    const body = p.subarray(0, p.length - 10);
    const ssrc = p.readUInt32BE(8), seq = p.readUInt16BE(2);
    plain.push({ kind: 'rtp', pt: pt & 127, hex: Buffer.concat([body.subarray(0, h), aesCm(rtpKey, iv(rtpSalt, ssrc, seq), body.subarray(h))]).toString('hex') });
  }
}
console.log(JSON.stringify({ state, keying: keying?.toString('hex'), count: media.length, plain }, null, 1));
