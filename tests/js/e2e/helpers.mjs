// Shared by the browser tests that run a real call.
import { inboundStats, tiles, waitFor } from '../lib/browser.mjs';

export const PEOPLE = {
  Alice: { color: '#c8402c', rgb: [200, 64, 44] },
  Bob: { color: '#2c7ac8', rgb: [44, 122, 200] },
  Carol: { color: '#3aa55a', rgb: [58, 165, 90] },
};

/** Waits until `page` decodes video and receives audio from each of `names` (either can be left out); returns the stats. */
export async function waitForMediaFrom(page, names, { minFrames = 10, minAudioPackets = 20, timeout = 60000, since = [], senders = {}, video = true, audio = true } = {}) {
  let last = [];
  const base = (name, kind) => since.filter((s) => s.displayName === name && s.kind === kind && s.source !== 'screen')
    .reduce((n, s) => Math.max(n, kind === 'video' ? s.framesDecoded : s.packetsReceived), 0);
  try {
    return await waitFor(async () => {
      last = await inboundStats(page);
      const ok = names.every((n) =>
        (!video || last.some((s) => s.displayName === n && s.kind === 'video' && s.source !== 'screen' && s.framesDecoded >= minFrames + base(n, 'video')))
        && (!audio || last.some((s) => s.displayName === n && s.kind === 'audio' && s.packetsReceived >= minAudioPackets + base(n, 'audio'))));
      return ok ? last : false;
    }, { timeout, message: `${[video && 'video', audio && 'audio'].filter(Boolean).join(' and ')} from ${names.join(', ')}` });
  } catch (e) {
    const summary = last.map((s) => `${s.displayName}/${s.source}/${s.kind}: frames=${s.framesDecoded} keyFrames=${s.keyFramesDecoded} `
      + `packets=${s.packetsReceived} lost=${s.packetsLost} pli=${s.pliCount}`).join('; ');
    const model = await page.evaluate(() => { const m = window.vibez.model; return m && { phase: m.phase, send: m.sendState, recv: m.recvState }; });
    const producers = [];
    for (const n of names) if (senders[n]) producers.push(`${n}: ${await serverProducerStats(senders[n])}`);
    throw new Error(`${e.message}\n  stats: ${summary || 'none'}\n  state: ${JSON.stringify(model)}\n  server consumers: ${await serverConsumerStats(page)}`
      + (producers.length ? `\n  server producers: ${producers.join(' | ')}` : ''));
  }
}

/** Tiles of the other participants (camera and screen). */
export const remoteTiles = async (page) => (await tiles(page)).filter((t) => !t.self);

/** The page's own peer id (its Socket.IO id). */
export const selfId = (page) => page.evaluate(() => window.vibez.model.selfId);

/** What the server says it sent on each of the page's consumers (outbound-rtp of its getStats): for diagnostics. */
export async function serverConsumerStats(page) {
  return page.evaluate(async () => {
    const s = window.vibez.session;
    if (!s) return 'no session';
    const out = [];
    for (const peer of s.model.peers.values()) {
      for (const e of peer.producers.values()) {
        if (!e.consumer) { out.push(`${peer.displayName}/${e.source}: no consumer`); continue; }
        const r = await s.signaling.request('getStats', { consumerId: e.consumer.id }).catch((x) => ({ error: x.message }));
        const o = r.stats?.find((x) => x.type === 'outbound-rtp');
        out.push(`${peer.displayName}/${e.source}: ${o ? `sent=${o.packetCount} pli=${o.pliCount} nack=${o.nackCount}` : JSON.stringify(r).slice(0, 120)}`);
      }
    }
    return out.join('; ');
  }).catch((e) => `unavailable (${e.message})`);
}

/** What the server says it received on each of the page's own producers (inbound-rtp of its getStats). */
export async function serverProducerStats(page) {
  return page.evaluate(async () => {
    const s = window.vibez.session;
    if (!s) return 'no session';
    const out = [];
    for (const [slot, p] of s.producers) {
      const r = await s.signaling.request('getStats', { producerId: p.id }).catch((x) => ({ error: x.message }));
      const i = r.stats?.find((x) => x.type === 'inbound-rtp');
      out.push(`${slot}: ${i ? `received=${i.packetCount} ssrc=${i.ssrc}` : JSON.stringify(r).slice(0, 120)}`);
    }
    return out.join(', ');
  }).catch((e) => `unavailable (${e.message})`);
}
