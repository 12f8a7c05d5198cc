// Shared pieces of the Chromium capture scripts (capture-chromium*.mjs): an ICE-lite peer on 127.0.0.1 that
// answers Binding requests, an optional DTLS relay to `openssl s_server -use_srtp`, a Chromium page with fake
// media, the SDP answer such a peer gives, and SRTP AES-CM helpers. Not part of the test run.
import dgram from 'node:dgram';
import crypto from 'node:crypto';
import http from 'node:http';
import zlib from 'node:zlib';
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
const require = createRequire(new URL('../../../../package.json', import.meta.url));
const { chromium } = require('playwright-core');

export const UFRAG = 'vibezLiteUfrag01';
export const PWD = 'vibezLitePassword0123456789';

function stunAttribute(type, value) {
  const pad = (4 - (value.length % 4)) % 4;
  const b = Buffer.alloc(4 + value.length + pad);
  b.writeUInt16BE(type, 0); b.writeUInt16BE(value.length, 2); value.copy(b, 4);
  return b;
}

/** Binding success response (RFC 8489 §14.2 XOR-MAPPED-ADDRESS, §14.5 MESSAGE-INTEGRITY, §14.7 FINGERPRINT). */
function bindingResponse(request, rinfo) {
  const xport = rinfo.port ^ 0x2112;
  const ip = rinfo.address.split('.').map(Number);
  let body = stunAttribute(0x20, Buffer.from([0, 1, xport >> 8, xport & 255, ip[0] ^ 0x21, ip[1] ^ 0x12, ip[2] ^ 0xa4, ip[3] ^ 0x42]));
  const header = Buffer.alloc(20); header.writeUInt16BE(0x0101, 0); header.writeUInt32BE(0x2112a442, 4); request.copy(header, 8, 8, 20);
  header.writeUInt16BE(body.length + 24, 2);
  body = Buffer.concat([body, stunAttribute(0x08, crypto.createHmac('sha1', PWD).update(Buffer.concat([header, body])).digest())]);
  header.writeUInt16BE(body.length + 8, 2);
  const fingerprint = Buffer.alloc(4); fingerprint.writeUInt32BE((zlib.crc32(Buffer.concat([header, body])) ^ 0x5354554e) >>> 0);
  return Buffer.concat([header, body, stunAttribute(0x8028, fingerprint)]);
}

/**
 * An ICE-lite peer on 127.0.0.1. Every datagram goes to onDatagram(msg, rinfo) first; Binding requests are
 * answered. With certDir (cert.pem, key.pem), DTLS is relayed to openssl s_server and `keying()` gives the
 * exported SRTP keying material (60 bytes, RFC 5764 §4.2) once the handshake is done.
 */
export async function startIceLitePeer({ certDir, onDatagram = () => {} } = {}) {
  const sock = dgram.createSocket('udp4');
  await new Promise((r) => sock.bind(0, '127.0.0.1', r));
  let chrome = null;
  let keying = null;
  let opensslOutput = '';
  let relay = null;
  let server = null;
  let dtlsPort = 0;
  let fingerprint = null;
  if (certDir) {
    fingerprint = execFileSync('openssl', ['x509', '-in', `${certDir}/cert.pem`, '-noout', '-fingerprint', '-sha256']).toString().split('=')[1].trim();
    relay = dgram.createSocket('udp4');
    await new Promise((r) => relay.bind(0, '127.0.0.1', r));
    dtlsPort = 40000 + Math.floor(Math.random() * 10000);
    server = spawn('openssl', ['s_server', '-dtls1_2', '-accept', `127.0.0.1:${dtlsPort}`, '-cert', `${certDir}/cert.pem`, '-key', `${certDir}/key.pem`,
      '-use_srtp', 'SRTP_AES128_CM_SHA1_80', '-keymatexport', 'EXTRACTOR-dtls_srtp', '-keymatexportlen', '60'], { stdio: ['pipe', 'pipe', 'pipe'] });
    server.stdout.on('data', (d) => { opensslOutput += d; const m = /Keying material: ([0-9A-F]+)/.exec(opensslOutput); if (m) keying = Buffer.from(m[1], 'hex'); });
    server.stderr.on('data', () => {});
    relay.on('message', (msg) => { if (chrome) sock.send(msg, chrome.port, chrome.address); });
    await new Promise((r) => setTimeout(r, 500));
  }
  sock.on('message', (msg, rinfo) => {
    chrome = rinfo;
    onDatagram(msg, rinfo);
    if (msg[0] <= 3) { if (msg.readUInt16BE(0) === 0x0001) sock.send(bindingResponse(msg, rinfo), rinfo.port, rinfo.address); }
    else if (relay && msg[0] >= 20 && msg[0] <= 63) relay.send(msg, dtlsPort, '127.0.0.1');
  });
  return {
    port: sock.address().port,
    fingerprint,
    keying: () => keying,
    opensslOutput: () => opensslOutput,
    sendToChrome: (datagram) => sock.send(datagram, chrome.port, chrome.address),
    close() { server?.kill(); sock.close(); relay?.close(); },
  };
}

/** One Chromium page (fake camera and microphone) on a blank local page; `createOffer` runs in the page. */
export async function openChromiumPage() {
  const web = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html></html>'); });
  await new Promise((r) => web.listen(0, '127.0.0.1', r));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [
    '--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    '--allow-loopback-in-peer-connection', '--disable-quic'] });
  const page = await (await browser.newContext({ permissions: ['camera', 'microphone'] })).newPage();
  await page.goto(`http://127.0.0.1:${web.address().port}/`);
  return { page, async close() { await browser.close(); web.close(); } };
}

/** Chromium sends camera + microphone (sendonly transceivers): its offer. */
export function sendOnlyOffer(page) {
  return page.evaluate(async () => {
    const pc = new RTCPeerConnection();
    window.pc = pc;
    const s = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
    for (const t of s.getTracks()) pc.addTransceiver(t, { direction: 'sendonly' });
    const o = await pc.createOffer();
    await pc.setLocalDescription(o);
    return o.sdp;
  });
}

/**
 * The ICE-lite peer's answer to `offer`: our credentials, one 127.0.0.1 host candidate per m-line, passive DTLS
 * (with `fingerprint`), the direction mirrored. With dropFec, RED / ULPFEC / FlexFEC (and their RTX) are refused
 * like mediasoup's router does; with stripSources, the offer's a=ssrc / a=msid lines are removed.
 */
export function iceLiteAnswer(offer, { port, fingerprint, dropFec = false, stripSources = false }) {
  let answer = offer
    .replace(/a=ice-ufrag:.*/g, `a=ice-ufrag:${UFRAG}`)
    .replace(/a=ice-pwd:.*/g, `a=ice-pwd:${PWD}`)
    .replace(/a=setup:actpass/g, 'a=setup:passive')
    .replace(/a=(sendonly|recvonly)/g, (_, d) => (d === 'sendonly' ? 'a=recvonly' : 'a=sendonly'))
    .replace(/a=ice-options:.*\r\n/g, '')
    .replace(/(a=mid:.*\r\n)/g, `$1a=candidate:1 1 udp 2130706431 127.0.0.1 ${port} typ host\r\na=end-of-candidates\r\n`);
  if (fingerprint) answer = answer.replace(/a=fingerprint:.*/g, `a=fingerprint:sha-256 ${fingerprint}`);
  if (stripSources) answer = answer.replace(/a=ssrc.*\r\n/g, '').replace(/a=msid.*\r\n/g, '');
  answer = answer.replace(/(t=0 0\r\n)/, '$1a=ice-lite\r\n');
  if (dropFec) {
    const drop = new Set([...answer.matchAll(/a=rtpmap:(\d+) (red|ulpfec|flexfec-03)\//g)].map((m) => m[1]));
    for (const m of answer.matchAll(/a=fmtp:(\d+) apt=(\d+)/g)) if (drop.has(m[2])) drop.add(m[1]);
    answer = answer.split('\r\n').filter((l) => !/^a=(rtpmap|fmtp|rtcp-fb):(\d+)/.test(l) || !drop.has(/:(\d+)/.exec(l)[1]))
      .map((l) => (l.startsWith('m=video') ? l.split(' ').filter((t, i) => i < 3 || !drop.has(t)).join(' ') : l)).join('\r\n');
  }
  return answer;
}

// SRTP with AES_CM_128_HMAC_SHA1_80: RFC 3711 §4.1.1 (AES-CM), §4.3.1 (key derivation, kdr = 0).
export function aesCm(key, iv, data) { const c = crypto.createCipheriv('aes-128-ctr', key, iv); return Buffer.concat([c.update(data), c.final()]); }
export function deriveSrtpKey(masterKey, masterSalt, label, length) {
  const x = Buffer.alloc(16); masterSalt.copy(x, 0); x[7] ^= label;
  return aesCm(masterKey, x, Buffer.alloc(length));
}
export function srtpIv(salt, ssrc, index) {
  const v = Buffer.alloc(16); salt.copy(v, 0);
  v[4] ^= ssrc >>> 24; v[5] ^= (ssrc >>> 16) & 255; v[6] ^= (ssrc >>> 8) & 255; v[7] ^= ssrc & 255;
  const idx = BigInt(index);
  for (let i = 0; i < 6; i++) v[13 - i] ^= Number((idx >> BigInt(8 * i)) & 255n);
  return v;
}

/** Decrypts one SRTCP packet (HMAC-SHA1-80 tag dropped, not checked): header + plain payload. */
export function decryptSrtcp(packet, rtcpKey, rtcpSalt) {
  const body = packet.subarray(0, packet.length - 10);
  const e = body.readUInt32BE(body.length - 4);
  const payload = body.subarray(8, body.length - 4);
  const plain = (e & 0x80000000) ? aesCm(rtcpKey, srtpIv(rtcpSalt, body.readUInt32BE(4), e & 0x7fffffff), payload) : payload;
  return Buffer.concat([body.subarray(0, 8), plain]);
}
