// Captures real Chromium ICE checks and the DTLS ClientHello sent to an ICE-lite peer on 127.0.0.1 (the
// fixtures chromium-stun.txt and chromium-dtls.txt). Not part of the test run. Reproduce from the repo root:
//   unshare -n bash -c 'ip link set lo up && node tests/VibezLive.Protocols.Tests/Fuzz/Corpora/capture-chromium.mjs'
// It answers the checks itself (XOR-MAPPED-ADDRESS + MESSAGE-INTEGRITY + FINGERPRINT) so that Chromium nominates
// and starts DTLS, then prints every datagram it received as JSON.
import { UFRAG, PWD, startIceLitePeer, openChromiumPage, sendOnlyOffer, iceLiteAnswer } from './capture-lib.mjs';

const captured = [];
const peer = await startIceLitePeer({ onDatagram: (msg) => captured.push(Buffer.from(msg)) });
const chromium = await openChromiumPage();
const offer = await sendOnlyOffer(chromium.page);
const answer = iceLiteAnswer(offer, { port: peer.port, stripSources: true });
const localUfrag = /a=ice-ufrag:(.*)/.exec(offer)[1].trim();
await chromium.page.evaluate(async (sdp) => { await window.pc.setRemoteDescription({ type: 'answer', sdp }); }, answer);
await new Promise((r) => setTimeout(r, 4000));
await chromium.close();
peer.close();
const out = { ufrag: UFRAG, pwd: PWD, chromeUfrag: localUfrag, packets: captured.slice(0, 40).map((b) => b.toString('hex')) };
console.log(JSON.stringify(out, null, 1));
