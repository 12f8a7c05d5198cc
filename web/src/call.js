// One participant's call: the Socket.IO session, the mediasoup-client Device, one send and one receive transport,
// the local producers and the consumers of everyone else's producers. The UI renders `CallSession.model` whenever
// `onChange` fires; it never touches mediasoup objects itself.
//
// Recovery: socket.io-client reconnects the socket by itself; when it is back (a new socket, so a new peerId) the
// session joins the room again and rebuilds transports, producers and consumers from the local tracks it kept.
// A media transport that fails while the socket stays up gets an ICE restart first, then a full rebuild.
import * as mediasoupClient from 'mediasoup-client';
import { Signaling, ServerError } from './signaling.js';

const { Device } = mediasoupClient;

/** mediasoup-client 3.24 prefers the async factory; older 3.x only has the constructor. */
async function createDevice(handlerName) {
  const options = handlerName ? { handlerName } : undefined;
  return typeof Device.factory === 'function' ? Device.factory(options) : new Device(options);
}

/** Receive capabilities: `recvRtpCapabilities` since 3.2x, `rtpCapabilities` before (deprecated now). */
function recvCapabilities(device) {
  return device.recvRtpCapabilities ?? device.rtpCapabilities;
}

const ICE_DISCONNECTED_GRACE_MS = 3000;
/** How long a tile's size must stay put before the consumer's layer is changed (a resize drag, a grid re-layout). */
const LAYER_DEBOUNCE_MS = 300;
const ICE_RESTART_GRACE_MS = 8000;
const MAX_REJOIN_ATTEMPTS = 20;

export const CallPhase = Object.freeze({
  Idle: 'idle', Joining: 'joining', Joined: 'joined', Reconnecting: 'reconnecting',
  Left: 'left', Kicked: 'kicked', Failed: 'failed',
});

export class CallSession {
  /**
   * @param {{ url?: string, roomId: string, displayName: string, password?: string, token?: string,
   *           transports?: string[], video?: boolean, audio?: boolean, handlerName?: string, simulcast?: boolean }} options
   *   handlerName forces a mediasoup-client handler (e.g. 'Chrome74'); by default the Device detects it.
   *   simulcast false publishes the camera as one encoding (debugging, servers without simulcast).
   */
  constructor(options) {
    this.options = options;
    this.onChange = () => {};
    /** @type {(level: 'info'|'warn'|'error', text: string, code?: string) => void} */
    this.onNotice = () => {};
    this.model = {
      phase: CallPhase.Idle,
      roomId: options.roomId,
      displayName: options.displayName,
      selfId: null,
      hostId: null,
      socketState: 'connecting',
      transport: null, // 'polling' | 'websocket'
      sendState: 'new',
      recvState: 'new',
      activeSpeakerId: null,
      local: { audioTrack: null, videoTrack: null, screenTrack: null, micMuted: false, camOff: false },
      /** @type {Map<string, { peerId: string, displayName: string, order: number,
       *   producers: Map<string, { producerId, kind, source, paused, consumer?, track?, type?, spatialLayer? }> }>}
       *   type is the consumer's ('simple' | 'simulcast' | 'svc'); spatialLayer the layer last asked for (null: the
       *   server's default, the top one). */
      peers: new Map(),
      endReason: null,
      clientVersion: mediasoupClient.version,
      handlerName: null,
    };
    this.signaling = null;
    this.device = null;
    this.sendTransport = null;
    this.recvTransport = null;
    /** @type {Map<'audio'|'camera'|'screen', import('mediasoup-client').types.Producer>} */
    this.producers = new Map();
    this._epoch = 0;
    this._order = 0;
    this._joinedOnce = false;
    this._lastServerSpeakerAt = 0;
    this._speakerTimer = null;
    this._iceTimers = { send: null, recv: null };
  }

  get joined() { return this.model.phase === CallPhase.Joined; }
  get isHost() { return this.model.selfId !== null && this.model.hostId === this.model.selfId; }

  _changed() { this.onChange(this.model); }

  _notice(level, text, code) { this.onNotice(level, text, code); }

  // ---------------------------------------------------------------- lifecycle

  /** Gets the local media, connects and joins. Rejects (with a ServerError for server refusals) on failure. */
  async start() {
    this.model.phase = CallPhase.Joining;
    this._changed();
    await this._acquireLocalMedia();
    const signaling = new Signaling(this.options.url ?? '', this.options);
    this.signaling = signaling;
    this._wireSocket(signaling);
    try {
      await this._waitForFirstConnect(signaling);
    } catch (e) {
      this._teardown(); // stops the socket's own retries and releases the camera and microphone
      throw e;
    }
    try {
      await this._enterRoom();
    } catch (e) {
      // A drop in the middle of the first join is recovered like any other drop; anything else fails the join.
      if (this.model.phase !== CallPhase.Reconnecting) {
        this._teardown();
        throw e;
      }
    }
    this._joinedOnce = true;
    this._speakerTimer = setInterval(() => this._pollSpeaker(), 1000);
    // The socket dropped while the first join was under way: join again now that it may be back.
    if (this.model.phase === CallPhase.Reconnecting && signaling.connected) void this._rejoin();
  }

  /** Leaves the room on purpose: tells the server, releases camera and microphone, closes the socket. */
  async leave() {
    if (this.signaling?.connected && this.joined) {
      await Promise.race([this.signaling.request('leaveRoom').catch(() => {}), delay(2000)]);
    }
    this._end(CallPhase.Left, 'You left the call.');
  }

  _end(phase, reason) {
    this.model.phase = phase;
    this.model.endReason = reason;
    this._teardown();
    this._changed();
  }

  _teardown() {
    this._epoch++;
    clearInterval(this._speakerTimer);
    this._closeMedia();
    for (const t of ['audioTrack', 'videoTrack', 'screenTrack']) {
      this.model.local[t]?.stop();
      this.model.local[t] = null;
    }
    this.signaling?.close();
  }

  async _acquireLocalMedia() {
    const wantAudio = this.options.audio !== false;
    const wantVideo = this.options.video !== false;
    if (!wantAudio && !wantVideo) return;
    if (!navigator.mediaDevices?.getUserMedia) {
      this._notice('warn', 'This browser cannot capture a camera or microphone here (a secure origin is needed). You joined to watch and listen only.', 'NO_MEDIA_DEVICES');
      return;
    }
    const video = wantVideo ? { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 30 } } : false;
    let stream = null;
    let firstError = null;
    // Both, then each alone: a missing or denied camera should not cost the microphone (and vice versa).
    for (const constraints of [{ audio: wantAudio, video }, { audio: false, video }, { audio: wantAudio, video: false }]) {
      if (!constraints.audio && !constraints.video) continue;
      try {
        stream = await navigator.mediaDevices.getUserMedia(constraints);
        break;
      } catch (e) {
        firstError ??= e;
      }
    }
    this.model.local.audioTrack = stream?.getAudioTracks()[0] ?? null;
    this.model.local.videoTrack = stream?.getVideoTracks()[0] ?? null;
    if (firstError) {
      const denied = firstError.name === 'NotAllowedError' || firstError.name === 'SecurityError';
      const what = !this.model.local.videoTrack && !this.model.local.audioTrack ? 'camera and microphone'
        : !this.model.local.videoTrack ? 'camera' : 'microphone';
      this._notice('warn', denied
        ? `Access to your ${what} was denied. You are in the call without it; allow it in the browser's site settings and rejoin to use it.`
        : `Your ${what} could not be started (${firstError.name}). You are in the call without it.`,
      denied ? 'MEDIA_DENIED' : 'MEDIA_UNAVAILABLE');
    }
  }

  _waitForFirstConnect(signaling) {
    return new Promise((resolve, reject) => {
      let attempts = 0;
      const onConnect = () => { cleanup(); resolve(); };
      const onError = (err) => {
        if (err?.data?.code) { // refused by the server's middleware (e.g. UNAUTHORIZED): retrying will not help
          cleanup();
          reject(new ServerError(err.data.code, err.data.message ?? err.message));
          return;
        }
        if (++attempts >= 3) {
          cleanup();
          reject(new ServerError('UNREACHABLE', 'The server cannot be reached. Check your connection and try again.'));
        }
      };
      const cleanup = () => { signaling.off('connect', onConnect); signaling.off('connect_error', onError); };
      signaling.on('connect', onConnect);
      signaling.on('connect_error', onError);
    });
  }

  // ---------------------------------------------------------------- socket events

  _wireSocket(signaling) {
    const { socket } = signaling;
    const m = this.model;
    const updateTransport = () => { m.transport = socket.io.engine?.transport?.name ?? null; this._changed(); };
    socket.on('connect', () => {
      m.socketState = 'connected';
      updateTransport();
      socket.io.engine?.once('upgrade', updateTransport);
      if (this._joinedOnce && m.phase === CallPhase.Reconnecting) void this._rejoin();
    });
    socket.on('disconnect', (reason) => {
      m.socketState = 'disconnected';
      if (reason === 'io client disconnect') { this._changed(); return; }
      if (m.phase === CallPhase.Joined || m.phase === CallPhase.Joining) {
        m.phase = CallPhase.Reconnecting;
        this._epoch++;
        this._closeMedia();
        this._notice('warn', 'Connection to the server lost. Reconnecting…', 'DISCONNECTED');
      }
      // 'io server disconnect' is not retried by socket.io-client itself.
      if (reason === 'io server disconnect' && m.phase === CallPhase.Reconnecting) socket.connect();
      this._changed();
    });
    socket.io.on('reconnect_attempt', () => { m.socketState = 'reconnecting'; this._changed(); });
    socket.on('connect_error', (err) => {
      if (err?.data?.code && this._joinedOnce) {
        this._end(CallPhase.Failed, `The server refused the connection: ${err.data.message ?? err.data.code}`);
        return;
      }
      m.socketState = socket.active ? 'reconnecting' : 'disconnected';
      if (this._joinedOnce) this._notice('warn', 'The server cannot be reached. Still trying…', 'UNREACHABLE');
      this._changed();
    });

    socket.on('newPeer', ({ peerId, displayName } = {}) => {
      if (!peerId || peerId === m.selfId) return;
      this._addPeer(peerId, displayName);
      this._changed();
    });
    socket.on('peerLeft', ({ peerId } = {}) => this._removePeer(peerId));
    socket.on('currentProducers', ({ producers } = {}) => {
      for (const p of producers ?? []) this._addRemoteProducer(p);
    });
    socket.on('newProducer', (p) => this._addRemoteProducer(p));
    socket.on('producerClosed', ({ producerId, consumerId } = {}) => this._removeRemoteProducer(producerId, consumerId));
    socket.on('consumerClosed', ({ consumerId } = {}) => this._removeRemoteProducer(null, consumerId));
    socket.on('producerPaused', ({ producerId } = {}) => this._setRemotePaused(producerId, true));
    socket.on('producerResumed', ({ producerId } = {}) => this._setRemotePaused(producerId, false));
    socket.on('activeSpeaker', ({ peerId } = {}) => {
      this._lastServerSpeakerAt = Date.now();
      if (m.activeSpeakerId !== (peerId ?? null)) { m.activeSpeakerId = peerId ?? null; this._changed(); }
    });
    socket.on('hostChanged', ({ hostPeerId } = {}) => {
      this._serverTellsHost = true;
      m.hostId = hostPeerId ?? null;
      this._changed();
    });
    socket.on('kicked', ({ by } = {}) => {
      const who = by && by !== m.selfId ? m.peers.get(by)?.displayName : null;
      const text = who ? `You were removed from the room by ${who} (the host).` : 'You were removed from the room by the host.';
      this._notice('error', text, 'KICKED');
      this._end(CallPhase.Kicked, text);
    });
  }

  // ---------------------------------------------------------------- joining

  async _enterRoom() {
    const epoch = ++this._epoch;
    const m = this.model;
    const { roomId, displayName, password } = this.options;
    const res = await this.signaling.request('joinRoom', { roomId, displayName, ...(password ? { password } : {}) });
    if (epoch !== this._epoch) return;
    m.selfId = res.peerId ?? this.signaling.id;
    m.roomId = res.roomId ?? roomId;
    m.peers.clear();
    this._order = 0;
    for (const p of res.peers ?? []) this._addPeer(p.peerId, p.displayName);
    this._selfOrder = this._order++;
    // hostPeerId/isHost are the server's additions to the original ack; without them the longest-present peer is host.
    this._serverTellsHost = 'hostPeerId' in res || 'isHost' in res;
    m.hostId = res.hostPeerId ?? (res.isHost ? m.selfId : this._inferHost());

    const device = await createDevice(this.options.handlerName);
    await device.load({ routerRtpCapabilities: res.routerRtpCapabilities });
    if (epoch !== this._epoch) return;
    this.device = device;
    m.handlerName = device.handlerName ?? null;

    await this._createTransports(epoch);
    if (epoch !== this._epoch) return;
    m.phase = CallPhase.Joined;
    this._changed();

    for (const p of res.producers ?? []) this._addRemoteProducer(p);
    this._consumePending();
    await this._publishLocal(epoch);
  }

  async _rejoin() {
    if (this._rejoining) return;
    this._rejoining = true;
    try { await this._rejoinLoop(); } finally { this._rejoining = false; }
  }

  async _rejoinLoop() {
    for (let attempt = 1; attempt <= MAX_REJOIN_ATTEMPTS; attempt++) {
      if (this.model.phase !== CallPhase.Reconnecting || !this.signaling?.connected) return;
      try {
        await this._enterRoom();
        if (this.joined) this._notice('info', 'Reconnected.', 'RECONNECTED');
        return;
      } catch (e) {
        if (e instanceof ServerError && (e.code === 'ROOM_FULL' || e.code === 'FORBIDDEN' || e.code === 'UNAUTHORIZED')) {
          this._notice('error', e.message, e.code);
          this._end(CallPhase.Failed, e.message);
          return;
        }
        if (e instanceof ServerError && e.code === 'BAD_REQUEST' && this.model.selfId === this.signaling.id) {
          // Already in the room on this socket (a join that raced the disconnect): leave, then join again.
          await this.signaling.request('leaveRoom').catch(() => {});
        }
        this._closeMedia();
        await delay(Math.min(500 * attempt, 3000));
      }
    }
    this._end(CallPhase.Failed, 'Could not rejoin the room after the connection was lost.');
  }

  _inferHost() {
    // The host is the peer that has been in the room longest (PROTOCOL.md); peers arrive in join order.
    let host = this.model.selfId;
    let best = this._selfOrder ?? Infinity;
    for (const p of this.model.peers.values()) if (p.order < best) { best = p.order; host = p.peerId; }
    return host;
  }

  async _createTransports(epoch) {
    const { device, signaling } = this;
    const sendInfo = await signaling.request('createWebRtcTransport', { sender: true });
    if (epoch !== this._epoch) return;
    const send = device.createSendTransport(transportOptions(sendInfo));
    this.sendTransport = send;
    send.on('connect', ({ dtlsParameters }, callback, errback) => {
      signaling.request('connectTransport', { dtlsParameters, sender: true, transportId: send.id })
        .then(() => callback(), errback);
    });
    send.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      signaling.request('produce', { kind, rtpParameters, appData })
        .then(({ id }) => callback({ id }), errback);
    });
    send.on('connectionstatechange', (state) => this._onTransportState('send', send, state));

    const recvInfo = await signaling.request('createWebRtcTransport', { sender: false });
    if (epoch !== this._epoch) { send.close(); return; }
    const recv = device.createRecvTransport(transportOptions(recvInfo));
    this.recvTransport = recv;
    recv.on('connect', ({ dtlsParameters }, callback, errback) => {
      signaling.request('connectTransport', { dtlsParameters, sender: false, transportId: recv.id })
        .then(() => callback(), errback);
    });
    recv.on('connectionstatechange', (state) => this._onTransportState('recv', recv, state));
  }

  _onTransportState(direction, transport, state) {
    if (transport !== (direction === 'send' ? this.sendTransport : this.recvTransport)) return;
    this.model[`${direction}State`] = state;
    this._changed();
    clearTimeout(this._iceTimers[direction]);
    if (state === 'failed') {
      void this._restartIce(direction, transport);
    } else if (state === 'disconnected') {
      // Often transient (a few lost consent checks): restart ICE only if it does not come back by itself.
      this._iceTimers[direction] = setTimeout(() => {
        if (transport.connectionState === 'disconnected') void this._restartIce(direction, transport);
      }, ICE_DISCONNECTED_GRACE_MS);
    }
  }

  /** ICE restart first; if the transport is still not connected a little later, rebuild everything. */
  async _restartIce(direction, transport) {
    const epoch = this._epoch;
    try {
      const { iceParameters } = await this.signaling.request('restartIce', { transportId: transport.id, sender: direction === 'send' });
      if (epoch === this._epoch && !transport.closed) await transport.restartIce({ iceParameters });
    } catch { /* fall through to the rebuild below */ }
    this._iceTimers[direction] = setTimeout(() => {
      if (epoch !== this._epoch || transport.closed || transport.connectionState === 'connected') return;
      void this._rebuildMedia();
    }, ICE_RESTART_GRACE_MS);
  }

  async _rebuildMedia() {
    if (!this.joined || !this.signaling?.connected) return;
    this._notice('warn', 'Media connection lost. Reconnecting…', 'MEDIA_LOST');
    this.model.phase = CallPhase.Reconnecting;
    this._epoch++;
    this._closeMedia();
    this._changed();
    await this.signaling.request('leaveRoom').catch(() => {});
    await this._rejoin();
  }

  /** Closes transports (and with them producers and consumers); keeps the local tracks for the next join. */
  _closeMedia() {
    clearTimeout(this._iceTimers.send);
    clearTimeout(this._iceTimers.recv);
    try { this.sendTransport?.close(); } catch { /* already closed */ }
    try { this.recvTransport?.close(); } catch { /* already closed */ }
    this.sendTransport = null;
    this.recvTransport = null;
    this.producers.clear();
    this.model.sendState = 'new';
    this.model.recvState = 'new';
    this.model.peers.clear();
    this.model.activeSpeakerId = null;
  }

  // ---------------------------------------------------------------- publishing

  /** Publishes each local track; one that the server refuses is reported and does not stop the others. */
  async _publishLocal(epoch) {
    const { local } = this.model;
    const jobs = [];
    if (local.audioTrack && this.device.canProduce('audio')) jobs.push(['audio', local.audioTrack, { source: 'mic' }, local.micMuted, 'microphone']);
    if (local.videoTrack && this.device.canProduce('video')) jobs.push(['camera', local.videoTrack, { source: 'camera' }, local.camOff, 'camera']);
    if (local.screenTrack?.readyState === 'live') jobs.push(['screen', local.screenTrack, { source: 'screen' }, false, 'screen']);
    for (const [slot, track, appData, paused, what] of jobs) {
      try {
        await this._produce(slot, track, appData, paused, epoch);
      } catch (e) {
        if (epoch !== this._epoch) return; // the transport went away (a drop): the rejoin publishes again
        this._notice('error', `Could not send your ${what}: ${e.message}`, 'PUBLISH_FAILED');
      }
    }
  }

  async _produce(slot, track, appData, paused, epoch) {
    if (epoch !== this._epoch || !this.sendTransport) return null;
    const options = { track, appData, stopTracks: false };
    if (slot === 'audio') options.codecOptions = { opusStereo: false, opusDtx: true };
    const encodings = slot === 'camera' && this.options.simulcast !== false ? simulcastEncodings(track) : null;
    let producer;
    if (encodings) {
      // Receivers learn the top layer's height from appData (the consume ack relays the producer's appData).
      const height = Math.round(track.getSettings?.().height ?? 0);
      try {
        producer = await this.sendTransport.produce({ ...options, encodings, appData: { ...appData, videoHeight: height } });
      } catch (e) {
        // A client or browser that cannot send simulcast (or a server that refuses it): one encoding, as before.
        if (epoch !== this._epoch || !this.sendTransport) throw e;
        producer = null;
      }
    }
    producer ??= await this.sendTransport.produce(options);
    if (epoch !== this._epoch) { producer.close(); return null; }
    this.producers.set(slot, producer);
    producer.on('transportclose', () => { if (this.producers.get(slot) === producer) this.producers.delete(slot); });
    if (paused) {
      producer.pause();
      await this.signaling.request('pauseProducer', { producerId: producer.id }).catch(() => {});
    }
    return producer;
  }

  async setMicMuted(muted) {
    this.model.local.micMuted = muted;
    this._changed();
    await this._setProducerPaused('audio', muted);
  }

  async setCameraOff(off) {
    this.model.local.camOff = off;
    if (this.model.local.videoTrack) this.model.local.videoTrack.enabled = !off;
    this._changed();
    await this._setProducerPaused('camera', off);
  }

  async _setProducerPaused(slot, paused) {
    const producer = this.producers.get(slot);
    if (!producer || producer.closed) return;
    if (paused) producer.pause(); else producer.resume();
    await this.signaling.request(paused ? 'pauseProducer' : 'resumeProducer', { producerId: producer.id })
      .catch((e) => this._notice('warn', `Could not tell the others: ${e.message}`, e.code));
  }

  /** Shares the screen (an extra producer with appData.source = 'screen'); the browser's "Stop sharing" ends it too. */
  async startScreenShare() {
    if (this.model.local.screenTrack) return;
    if (!navigator.mediaDevices?.getDisplayMedia) throw new ServerError('UNSUPPORTED', 'Screen sharing is not available in this browser.');
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15 } }, audio: false });
    const track = stream.getVideoTracks()[0];
    this.model.local.screenTrack = track;
    track.addEventListener('ended', () => { void this.stopScreenShare(); });
    this._changed();
    try {
      await this._produce('screen', track, { source: 'screen' }, false, this._epoch);
    } catch (e) {
      await this.stopScreenShare();
      throw e;
    }
  }

  async stopScreenShare() {
    const track = this.model.local.screenTrack;
    if (!track) return;
    this.model.local.screenTrack = null;
    const producer = this.producers.get('screen');
    this.producers.delete('screen');
    track.stop();
    this._changed();
    if (producer && !producer.closed) {
      producer.close();
      await this.signaling.request('closeProducer', { producerId: producer.id })
        .catch((e) => this._notice('warn', `Could not stop the share on the server: ${e.message}`, e.code));
    }
  }

  async kick(peerId) {
    await this.signaling.request('kickPeer', { peerId, roomId: this.model.roomId });
  }

  // ---------------------------------------------------------------- remote peers and consumers

  _addPeer(peerId, displayName) {
    const existing = this.model.peers.get(peerId);
    if (existing) { if (displayName) existing.displayName = displayName; return existing; }
    const peer = { peerId, displayName: displayName || 'Guest', order: this._order++, producers: new Map() };
    this.model.peers.set(peerId, peer);
    return peer;
  }

  _removePeer(peerId) {
    const m = this.model;
    const peer = m.peers.get(peerId);
    if (!peer) return;
    for (const p of peer.producers.values()) p.consumer?.close();
    m.peers.delete(peerId);
    if (m.activeSpeakerId === peerId) m.activeSpeakerId = null;
    if (!this._serverTellsHost && (m.hostId === peerId || !m.hostId)) m.hostId = this._inferHost();
    this._changed();
  }

  _addRemoteProducer({ producerId, peerId, kind, appData, paused } = {}) {
    if (!producerId || !peerId || peerId === this.model.selfId) return;
    if (this.model.phase !== CallPhase.Joined && this.model.phase !== CallPhase.Joining && this.model.phase !== CallPhase.Reconnecting) return;
    const peer = this._addPeer(peerId);
    if (peer.producers.has(producerId)) return;
    const source = appData?.source ?? (kind === 'audio' ? 'mic' : 'camera');
    peer.producers.set(producerId, { producerId, kind, source, paused: !!paused, consumer: null, track: null, pending: true });
    this._changed();
    if (this.recvTransport) void this._consume(peer, producerId);
  }

  _consumePending() {
    for (const peer of this.model.peers.values()) {
      for (const p of peer.producers.values()) if (p.pending && !p.consuming) void this._consume(peer, p.producerId);
    }
  }

  async _consume(peer, producerId) {
    const entry = peer.producers.get(producerId);
    if (!entry || entry.consuming || !this.recvTransport) return;
    entry.consuming = true;
    const epoch = this._epoch;
    const transport = this.recvTransport;
    try {
      const res = await this.signaling.request('consume', { producerId, rtpCapabilities: recvCapabilities(this.device) });
      if (epoch !== this._epoch || transport.closed) return;
      const consumer = await transport.consume({
        id: res.id, producerId: res.producerId ?? producerId, kind: res.kind, rtpParameters: res.rtpParameters,
        appData: { ...(res.appData ?? {}), peerId: peer.peerId },
      });
      if (epoch !== this._epoch || peer.producers.get(producerId) !== entry) { consumer.close(); return; }
      entry.consumer = consumer;
      entry.track = consumer.track;
      entry.pending = false;
      entry.type = res.type ?? 'simple';
      entry.spatialLayer = null;
      entry.spatialLayers = spatialLayerCount(res.rtpParameters);
      entry.topHeight = Number(res.appData?.videoHeight) > 0 ? Number(res.appData.videoHeight) : null;
      if (res.appData?.source) entry.source = res.appData.source;
      if (typeof res.producerPaused === 'boolean') entry.paused = res.producerPaused;
      consumer.on('transportclose', () => this._dropEntry(peer.peerId, producerId));
      this._changed();
      await this.signaling.request('resumeConsumer', { consumerId: consumer.id });
      // Layer requests wait for the resume: the consumer starts as the server's default (the top layer) would.
      entry.resumed = true;
      if (entry.wantHeight !== undefined) this._applyLayer(entry);
    } catch (e) {
      if (epoch !== this._epoch) return;
      entry.consuming = false;
      if (e instanceof ServerError && (e.code === 'NOT_FOUND' || e.code === 'UNSUPPORTED')) {
        if (e.code === 'UNSUPPORTED') this._notice('warn', `Cannot receive ${peer.displayName}'s ${entry.kind}: ${e.message}`, e.code);
        peer.producers.delete(producerId);
        this._changed();
      }
    }
  }

  // ---------------------------------------------------------------- simulcast layer per tile

  /**
   * The UI reports how many device pixels tall a remote video is shown (0 when it is not shown) and, when known,
   * the decoded frame's height. For a simulcast consumer the session then asks the server for the lowest spatial
   * layer that covers it: debounced, and sent only when the layer changes. Other consumers ignore it.
   * @param {string} producerId @param {number} displayHeight device pixels @param {number} [decodedHeight]
   */
  setVideoDisplayHeight(producerId, displayHeight, decodedHeight = 0) {
    const found = this._findEntry(producerId, null);
    if (!found) return;
    const { entry } = found;
    entry.wantHeight = Math.max(0, displayHeight || 0);
    if (decodedHeight > 0 && entry.type === 'simulcast' && !entry.topHeight) {
      // No height from the publisher: the decoded layer's height scaled up from the layer asked for is a lower
      // bound of the top layer's (during ramp-up the server may forward a lower layer than the one asked for).
      const n = entry.spatialLayers ?? 3;
      const asked = entry.spatialLayer ?? n - 1;
      entry.estimatedTopHeight = Math.max(entry.estimatedTopHeight ?? 0, decodedHeight * 2 ** (n - 1 - asked));
    }
    clearTimeout(entry.layerTimer);
    entry.layerTimer = setTimeout(() => this._applyLayer(entry), LAYER_DEBOUNCE_MS);
  }

  _applyLayer(entry) {
    clearTimeout(entry.layerTimer);
    const consumer = entry.consumer;
    if (entry.type !== 'simulcast' || !entry.resumed || !consumer || consumer.closed || !this.signaling?.connected) return;
    const layers = entry.spatialLayers ?? 3;
    const top = entry.topHeight ?? entry.estimatedTopHeight ?? 720;
    let layer = 0;
    if (entry.wantHeight > 0) {
      // Layer i is the top one scaled down by 2^(layers-1-i) (the 4/2/1 scheme this client publishes).
      layer = layers - 1;
      for (let i = 0; i < layers; i++) {
        if (top / 2 ** (layers - 1 - i) >= entry.wantHeight * 0.9) { layer = i; break; } // 10%: rounding, borders
      }
    }
    // null is the server's default, the top layer: asking for it again would change nothing.
    if (layer === (entry.spatialLayer ?? layers - 1)) return;
    entry.spatialLayer = layer;
    // Older servers answer {} or an error: the consumer then simply keeps receiving what the server picks.
    this.signaling.request('setConsumerPreferredLayers', { consumerId: consumer.id, spatialLayer: layer }).catch(() => {});
  }

  _dropEntry(peerId, producerId) {
    const peer = this.model.peers.get(peerId);
    if (peer?.producers.delete(producerId)) this._changed();
  }

  _findEntry(producerId, consumerId) {
    for (const peer of this.model.peers.values()) {
      for (const entry of peer.producers.values()) {
        if ((producerId && entry.producerId === producerId) || (consumerId && entry.consumer?.id === consumerId)) return { peer, entry };
      }
    }
    return null;
  }

  _removeRemoteProducer(producerId, consumerId) {
    const found = this._findEntry(producerId, consumerId);
    if (!found) return;
    found.entry.consumer?.close();
    found.peer.producers.delete(found.entry.producerId);
    this._changed();
  }

  _setRemotePaused(producerId, paused) {
    const found = this._findEntry(producerId, null);
    if (!found || found.entry.paused === paused) return;
    found.entry.paused = paused;
    this._changed();
  }

  // ---------------------------------------------------------------- stats and active speaker

  /** inbound-rtp stats of every consumer: what tests and the UI's debug panel read. */
  async inboundStats() {
    const out = [];
    for (const peer of this.model.peers.values()) {
      for (const entry of peer.producers.values()) {
        if (!entry.consumer || entry.consumer.closed) continue;
        let report;
        try { report = await entry.consumer.getStats(); } catch { continue; }
        for (const s of report.values()) {
          if (s.type !== 'inbound-rtp') continue;
          out.push({
            peerId: peer.peerId, displayName: peer.displayName, producerId: entry.producerId, source: entry.source,
            kind: s.kind ?? entry.kind, packetsReceived: s.packetsReceived ?? 0, bytesReceived: s.bytesReceived ?? 0,
            framesDecoded: s.framesDecoded ?? 0, keyFramesDecoded: s.keyFramesDecoded ?? 0, framesReceived: s.framesReceived ?? 0,
            frameWidth: s.frameWidth ?? 0, frameHeight: s.frameHeight ?? 0, pliCount: s.pliCount ?? 0, nackCount: s.nackCount ?? 0,
            packetsLost: s.packetsLost ?? 0, audioLevel: s.audioLevel ?? null,
            consumerType: entry.type ?? null, spatialLayer: entry.spatialLayer ?? null,
          });
        }
      }
    }
    return out;
  }

  /** Without activeSpeaker events from the server, pick the loudest received audio from the local stats. */
  async _pollSpeaker() {
    if (!this.joined || Date.now() - this._lastServerSpeakerAt < 5000) return;
    let best = null;
    let bestLevel = 0.02;
    for (const s of await this.inboundStats()) {
      if (s.kind === 'audio' && s.audioLevel !== null && s.audioLevel > bestLevel) { bestLevel = s.audioLevel; best = s.peerId; }
    }
    if (best !== this.model.activeSpeakerId && Date.now() - this._lastServerSpeakerAt >= 5000) {
      this.model.activeSpeakerId = best;
      this._changed();
    }
  }
}

function transportOptions(info) {
  // mediasoup-client 3.24 has no sctpCapabilities on the Device; sctpParameters are passed through only when given.
  const o = { id: info.id, iceParameters: info.iceParameters, iceCandidates: info.iceCandidates, dtlsParameters: info.dtlsParameters };
  if (info.sctpParameters) o.sctpParameters = info.sctpParameters;
  return o;
}

/**
 * Camera encodings, lowest first, scaled down by 4/2/1 (three layers) or 2/1 (two), else null (one encoding).
 * The layer count follows the capture's pixel count the way Chromium's encoder limits it (three from 960x540, two
 * from 480x270): asking for more makes Chromium drop the TOP layers, so a 640x480 camera sent as 4/2/1 would never
 * send its full size (measured: r2 stays empty). The bit rates suit VP8 at ~30 fps for each layer's height.
 * @param {MediaStreamTrack} track
 */
export function simulcastEncodings(track) {
  const { width: w = 0, height = 0 } = track.getSettings?.() ?? {};
  const pixels = (w || height * 4 / 3) * height;
  const scales = pixels >= 960 * 540 ? [4, 2, 1] : pixels >= 480 * 270 ? [2, 1] : [];
  if (scales.length === 0) return null;
  return scales.map((scale) => ({ scaleResolutionDownBy: scale, maxBitrate: bitrateFor(height / scale) }));
}

function bitrateFor(height) {
  if (height <= 144) return 150_000;
  if (height <= 270) return 400_000;
  if (height <= 400) return 800_000;
  if (height <= 576) return 1_200_000;
  return 2_500_000;
}

/** Spatial layers of a consumer: its scalabilityMode ('S3T3', 'L2T1', ...), else the three-layer scheme. */
function spatialLayerCount(rtpParameters) {
  const mode = rtpParameters?.encodings?.find((e) => e.scalabilityMode)?.scalabilityMode;
  const n = Number(/^[SL](\d+)/.exec(mode ?? '')?.[1]);
  return n > 0 ? n : 3;
}

function delay(ms) { return new Promise((r) => setTimeout(r, ms)); }
