// Captures real Chromium ICE checks and the DTLS ClientHello sent to an ICE-lite peer on 127.0.0.1 (the
// fixtures chromium-stun.txt and chromium-dtls.txt). Not part of the test run. Reproduce from the repo root:
//   unshare -n bash -c 'ip link set lo up && node tests/VibezLive.Protocols.Tests/Fuzz/Corpora/capture-chromium.mjs'
// It answers the checks itself (XOR-MAPPED-ADDRESS + MESSAGE-INTEGRITY + FINGERPRINT) so that Chromium nominates
// and starts DTLS, then prints every datagram it received as JSON.
import dgram from 'node:dgram';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
const require = createRequire(new URL('../../../../package.json', import.meta.url));
const { chromium } = require('playwright-core');

const UFRAG = 'vibezLiteUfrag01';
const PWD = 'vibezLitePassword0123456789';
const sock = dgram.createSocket('udp4');
await new Promise(r => sock.bind(0, '127.0.0.1', r));
const port = sock.address().port;
const captured = [];
function attr(type, value) {
  const pad = (4 - (value.length % 4)) % 4;
  const b = Buffer.alloc(4 + value.length + pad);
  b.writeUInt16BE(type, 0); b.writeUInt16BE(value.length, 2); value.copy(b, 4);
  return b;
}
function respond(req, rinfo) {
  const tid = req.subarray(8, 20);
  const xport = rinfo.port ^ 0x2112;
  const ip = rinfo.address.split('.').map(Number);
  const xa = Buffer.from([0, 1, xport >> 8, xport & 255, ip[0] ^ 0x21, ip[1] ^ 0x12, ip[2] ^ 0xa4, ip[3] ^ 0x42]);
  let body = attr(0x20, xa);
  let hdr = Buffer.alloc(20); hdr.writeUInt16BE(0x0101, 0); hdr.writeUInt32BE(0x2112a442, 4); tid.copy(hdr, 8);
  hdr.writeUInt16BE(body.length + 24, 2);
  const mi = crypto.createHmac('sha1', PWD).update(Buffer.concat([hdr, body])).digest();
  body = Buffer.concat([body, attr(0x08, mi)]);
  hdr.writeUInt16BE(body.length + 8, 2);
  const crc = (zlib.crc32(Buffer.concat([hdr, body])) ^ 0x5354554e) >>> 0;
  const fp = Buffer.alloc(4); fp.writeUInt32BE(crc);
  body = Buffer.concat([body, attr(0x8028, fp)]);
  sock.send(Buffer.concat([hdr, body]), rinfo.port, rinfo.address);
}
sock.on('message', (msg, rinfo) => {
  captured.push(Buffer.from(msg));
  if (msg[0] <= 3 && msg.readUInt16BE(0) === 0x0001) respond(msg, rinfo);
});

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [
  '--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection', '--disable-quic'] });
const page = await (await browser.newContext({ permissions: ['camera', 'microphone'] })).newPage();
const http = await import('node:http');
const server = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html></html>'); });
await new Promise(r => server.listen(0, '127.0.0.1', r));
await page.goto(`http://127.0.0.1:${server.address().port}/`);
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
  .replace(/a=setup:actpass/g, 'a=setup:passive')
  .replace(/a=sendonly/g, 'a=recvonly')
  .replace(/a=ice-options:.*\r\n/g, '')
  .replace(/(a=mid:.*\r\n)/g, `$1a=candidate:1 1 udp 2130706431 127.0.0.1 ${port} typ host\r\na=end-of-candidates\r\n`)
  .replace(/a=ssrc.*\r\n/g, '').replace(/a=msid.*\r\n/g, '');
answer = answer.replace(/(t=0 0\r\n)/, '$1a=ice-lite\r\n');
const localUfrag = /a=ice-ufrag:(.*)/.exec(offer)[1].trim();
await page.evaluate(async (sdp) => { await window.pc.setRemoteDescription({ type: 'answer', sdp }); }, answer);
await new Promise(r => setTimeout(r, 4000));
await browser.close();
sock.close();
server.close();
const out = { ufrag: UFRAG, pwd: PWD, chromeUfrag: localUfrag, packets: captured.slice(0, 40).map(b => b.toString('hex')) };
console.log(JSON.stringify(out, null, 1));
