// The page: lobby (join form, account, live rooms) and the call view (tiles, controls, connection state).
// All media logic is in call.js; this file only turns the session's model into DOM.
import { CallSession, CallPhase } from './call.js';
import { ServerError } from './signaling.js';
import { auth, rooms } from './api.js';

const $ = (sel) => document.querySelector(sel);
const params = new URLSearchParams(location.search);

/** Creates an element: h('div', { class: 'x', onclick }, child, 'text'). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c);
  return el;
}

const ICONS = {
  mic: '<path d="M12 14a3 3 0 0 0 3-3V5a3 3 0 1 0-6 0v6a3 3 0 0 0 3 3Zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-3.1A7 7 0 0 0 19 11h-2Z"/>',
  micOff: '<path d="M19 11a7 7 0 0 1-1.2 3.9l-1.5-1.5c.4-.7.7-1.5.7-2.4h2ZM15 5v5.2L9 4.3A3 3 0 0 1 15 5ZM4.3 3 3 4.3l6 6V11a3 3 0 0 0 4.4 2.7l1.6 1.6A5 5 0 0 1 7 11H5a7 7 0 0 0 6 6.9V21h2v-3.1a7 7 0 0 0 3.4-1.3l3.3 3.3 1.3-1.3L4.3 3Z"/>',
  cam: '<path d="M17 10.5V7a1 1 0 0 0-1-1H4a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-3.5l4 4v-11l-4 4Z"/>',
  camOff: '<path d="M21 6.5l-4 4V7a1 1 0 0 0-1-1H9.8L21 17.2V6.5ZM3.3 2 2 3.3 4.7 6H4a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h12c.2 0 .4-.1.6-.2l3.1 3.2 1.3-1.3L3.3 2Z"/>',
  screen: '<path d="M20 18a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2H4a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2H0v2h24v-2h-4ZM4 6h16v10H4V6Zm7 2-4 4h3v3h2v-3h3l-4-4Z"/>',
  leave: '<path d="M12 9c-1.6 0-3.2.3-4.6.7v3.1c0 .4-.2.7-.6.9-1 .5-1.9 1.1-2.7 1.8-.2.2-.4.3-.7.3s-.5-.1-.7-.3L.3 13.1a1 1 0 0 1 0-1.4C3.3 8.8 7.5 7 12 7s8.7 1.8 11.7 4.7a1 1 0 0 1 0 1.4l-2.4 2.4c-.2.2-.4.3-.7.3s-.5-.1-.7-.3c-.8-.7-1.7-1.3-2.7-1.8-.3-.2-.6-.5-.6-.9V9.7C15.2 9.3 13.6 9 12 9Z"/>',
};
const icon = (name) => {
  const span = document.createElement('span');
  span.className = 'icon';
  span.innerHTML = `<svg viewBox="0 0 24 24" aria-hidden="true">${ICONS[name]}</svg>`;
  return span;
};

// ------------------------------------------------------------------ notices

/** Shows a message in the banner area; `code` is kept as data-code (tests and styling read it). */
function notify(level, text, code) {
  const box = $('#notices');
  if (code) for (const old of box.querySelectorAll(`[data-code="${code}"]`)) old.remove();
  const item = h('div', { class: `notice notice-${level}`, role: level === 'error' ? 'alert' : 'status', 'data-code': code ?? '' },
    h('span', { class: 'notice-text' }, text),
    h('button', { class: 'notice-close', type: 'button', 'aria-label': 'Dismiss', onclick: () => item.remove() }, '×'));
  box.append(item);
  if (level === 'info') setTimeout(() => item.remove(), 5000);
}

function clearNotices() { $('#notices').replaceChildren(); }

const ERROR_TEXT = {
  ROOM_FULL: 'This room is full. Try again later or pick another room.',
  UNREACHABLE: 'The server cannot be reached. Check your connection and try again.',
  UNAUTHORIZED: 'Please sign in to join (this server does not allow guests), or sign in again.',
  ROOM_NOT_FOUND: 'That room does not exist.',
  RATE_LIMITED: 'Too many attempts. Wait a moment and try again.',
};

function describe(e) {
  if (e instanceof ServerError) {
    if (e.code === 'FORBIDDEN' || e.code === 'BAD_REQUEST') return e.message;
    return ERROR_TEXT[e.code] ?? e.message;
  }
  return e?.message ?? String(e);
}

// ------------------------------------------------------------------ lobby: account and rooms

let account = auth.load();

function renderAccount() {
  const box = $('#account');
  box.replaceChildren();
  if (account) {
    box.append(h('p', { class: 'signed-in', 'data-user': account.user.username },
      'Signed in as ', h('strong', {}, account.user.displayName || account.user.username),
      ' ', h('button', { type: 'button', class: 'link', id: 'sign-out', onclick: signOut }, 'Sign out')));
    if (!$('#name-input').value) $('#name-input').value = account.user.displayName || account.user.username;
    return;
  }
  const tabs = h('div', { class: 'tabs', role: 'tablist' });
  const panes = h('div', { class: 'tab-panes' });
  const show = (name) => {
    for (const b of tabs.children) b.setAttribute('aria-selected', String(b.dataset.tab === name));
    for (const p of panes.children) p.hidden = p.dataset.tab !== name;
  };
  for (const [name, label] of [['guest', 'Guest'], ['login', 'Sign in'], ['register', 'Register']]) {
    tabs.append(h('button', { type: 'button', role: 'tab', 'data-tab': name, onclick: () => show(name) }, label));
  }
  panes.append(
    h('div', { 'data-tab': 'guest' }, h('p', { class: 'muted' }, 'Join with just a display name, or sign in to own rooms.')),
    h('form', { 'data-tab': 'login', id: 'login-form', onsubmit: onLogin },
      field('Username or email', h('input', { name: 'username', autocomplete: 'username', required: true })),
      field('Password', h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
      h('button', { type: 'submit', class: 'btn' }, 'Sign in')),
    h('form', { 'data-tab': 'register', id: 'register-form', onsubmit: onRegister },
      field('Username', h('input', { name: 'username', autocomplete: 'username', required: true, minlength: 3, maxlength: 32, pattern: '[A-Za-z0-9._\\-]+' })),
      field('Password', h('input', { name: 'password', type: 'password', autocomplete: 'new-password', required: true, minlength: 6 })),
      field('Display name (optional)', h('input', { name: 'displayName', maxlength: 64 })),
      h('button', { type: 'submit', class: 'btn' }, 'Create account')));
  box.append(tabs, panes);
  show('guest');
}

function field(label, input) { return h('label', { class: 'field' }, h('span', {}, label), input); }

async function onLogin(ev) {
  ev.preventDefault();
  const f = new FormData(ev.target);
  try {
    account = await auth.login(f.get('username'), f.get('password'));
    auth.save(account);
    notify('info', `Welcome back, ${account.user.displayName || account.user.username}.`, 'SIGNED_IN');
    renderAccount();
  } catch (e) { notify('error', describe(e), e.code); }
}

async function onRegister(ev) {
  ev.preventDefault();
  const f = new FormData(ev.target);
  try {
    account = await auth.register(f.get('username'), f.get('password'), f.get('displayName'));
    auth.save(account);
    notify('info', `Account created. Welcome, ${account.user.displayName || account.user.username}.`, 'SIGNED_IN');
    renderAccount();
  } catch (e) { notify('error', describe(e), e.code); }
}

function signOut() {
  auth.clear();
  account = null;
  renderAccount();
}

let roomTimer = null;

async function refreshRooms() {
  const list = $('#room-list');
  try {
    const all = await rooms.list();
    list.replaceChildren(...(all.length === 0
      ? [h('li', { class: 'muted empty' }, 'No live rooms yet: type a name to start one.')]
      : all.map((r) => h('li', {},
        h('button', { type: 'button', class: 'room', 'data-room-id': r.id, onclick: () => { $('#room-input').value = r.id; $('#name-input').focus(); } },
          h('span', { class: 'room-name' }, r.name || r.id, r.hasPassword ? ' 🔒' : ''),
          h('span', { class: `room-count${r.live ? ' live' : ''}` },
            r.live ? `${r.participants} ${r.participants === 1 ? 'person' : 'people'}` : 'empty'))))));
    list.removeAttribute('data-error');
  } catch (e) {
    list.replaceChildren(h('li', { class: 'muted empty' }, describe(e)));
    list.setAttribute('data-error', e.code ?? 'ERROR');
  }
}

function showLobby() {
  $('#lobby').hidden = false;
  $('#call').hidden = true;
  document.title = 'VibezLive';
  refreshRooms();
  clearInterval(roomTimer);
  roomTimer = setInterval(refreshRooms, 5000);
}

// ------------------------------------------------------------------ call view

/** @type {CallSession | null} */
let session = null;

async function onJoin(ev) {
  ev.preventDefault();
  if (session) return;
  const roomId = $('#room-input').value.trim();
  const displayName = $('#name-input').value.trim();
  if (!roomId || !displayName) return;
  clearNotices();
  const button = $('#join-button');
  button.disabled = true;
  button.textContent = 'Joining…';
  const s = new CallSession({
    roomId, displayName, password: $('#password-input').value || undefined,
    token: account?.token, transports: params.get('transport') ? params.get('transport').split(',') : undefined,
    handlerName: params.get('handler') || undefined, // debugging knob: force a mediasoup-client handler
    simulcast: params.get('simulcast') !== '0', // ?simulcast=0 publishes the camera as one encoding
  });
  session = s;
  s.onNotice = notify;
  s.onChange = () => { if (session === s) render(s); };
  clearInterval(roomTimer);
  $('#lobby').hidden = true;
  $('#call').hidden = false;
  render(s);
  try {
    await s.start();
    history.replaceState(null, '', `?room=${encodeURIComponent(s.model.roomId)}`);
  } catch (e) {
    if (e instanceof ServerError && e.code === 'UNAUTHORIZED' && account) { auth.clear(); account = null; renderAccount(); }
    notify('error', describe(e), e.code ?? 'JOIN_FAILED');
    endCall(s);
  } finally {
    button.disabled = false;
    button.textContent = 'Join';
  }
}

function endCall(s) {
  if (session !== s) return;
  session = null;
  $('#tiles').replaceChildren();
  showLobby();
}

function connectionState(m) {
  if (m.phase === CallPhase.Joining) return ['connecting', 'Joining…'];
  if (m.phase === CallPhase.Reconnecting) {
    return m.socketState === 'connected' ? ['reconnecting', 'Rejoining…'] : ['reconnecting', 'Connection lost · reconnecting…'];
  }
  if (m.phase !== CallPhase.Joined) return ['disconnected', 'Disconnected'];
  const states = [m.sendState, m.recvState];
  if (states.some((s) => s === 'failed' || s === 'disconnected')) return ['degraded', 'Media interrupted · recovering…'];
  if (states.some((s) => s === 'connecting')) return ['connecting', 'Connecting media…'];
  return ['connected', 'Connected'];
}

function render(s) {
  const m = s.model;
  if ([CallPhase.Left, CallPhase.Kicked, CallPhase.Failed].includes(m.phase)) {
    if (m.phase === CallPhase.Failed && m.endReason) notify('error', m.endReason, 'CALL_FAILED');
    endCall(s);
    return;
  }
  document.title = `${m.roomId} · VibezLive`;
  $('#room-title').textContent = m.roomId;
  const [state, text] = connectionState(m);
  const pill = $('#conn-state');
  pill.dataset.state = state;
  pill.textContent = text;
  pill.title = [m.transport && `signaling: ${m.transport}`, `send: ${m.sendState}`, `receive: ${m.recvState}`,
    `mediasoup-client ${m.clientVersion}${m.handlerName ? ` (${m.handlerName})` : ''}`].filter(Boolean).join(' · ');

  const local = m.local;
  setToggle($('#btn-mic'), !local.audioTrack, local.micMuted, local.micMuted ? 'micOff' : 'mic', local.micMuted ? 'Unmute' : 'Mute');
  setToggle($('#btn-cam'), !local.videoTrack, local.camOff, local.camOff ? 'camOff' : 'cam', local.camOff ? 'Start camera' : 'Stop camera');
  setToggle($('#btn-share'), !navigator.mediaDevices?.getDisplayMedia || m.phase !== CallPhase.Joined, !!local.screenTrack, 'screen',
    local.screenTrack ? 'Stop sharing' : 'Share screen');

  renderTiles(s);
}

function setToggle(button, disabled, pressed, iconName, label) {
  button.disabled = disabled;
  button.setAttribute('aria-pressed', String(pressed));
  button.replaceChildren(icon(iconName), h('span', { class: 'ctl-label' }, label));
  button.title = label;
}

function initials(name) {
  return (name || '?').split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('');
}

/** Builds the wanted tiles from the model, then reconciles them with the grid by key. */
function renderTiles(s) {
  const m = s.model;
  const wanted = [];
  if (m.phase === CallPhase.Joined || m.phase === CallPhase.Joining || m.phase === CallPhase.Reconnecting) {
    wanted.push({
      key: 'self:camera', peerId: m.selfId ?? 'self', self: true, source: 'camera', name: `${m.displayName} (you)`,
      video: m.local.camOff ? null : m.local.videoTrack, audios: [],
      mic: !m.local.audioTrack ? 'none' : m.local.micMuted ? 'muted' : 'on',
      cam: !m.local.videoTrack ? 'none' : m.local.camOff ? 'off' : 'on', initials: initials(m.displayName),
      speaking: m.activeSpeakerId !== null && m.activeSpeakerId === m.selfId,
      host: s.isHost,
    });
    if (m.local.screenTrack) {
      wanted.push({ key: 'self:screen', peerId: m.selfId ?? 'self', self: true, source: 'screen', name: `${m.displayName} (you) · screen`,
        video: m.local.screenTrack, audios: [], mic: 'none', cam: 'on', initials: '' });
    }
    for (const peer of [...m.peers.values()].sort((a, b) => a.order - b.order)) {
      const entries = [...peer.producers.values()];
      const cam = entries.find((e) => e.kind === 'video' && e.source !== 'screen');
      const mics = entries.filter((e) => e.kind === 'audio');
      const mic = mics.find((e) => e.source !== 'screen-audio') ?? null;
      wanted.push({
        key: `${peer.peerId}:camera`, peerId: peer.peerId, self: false, source: 'camera', name: peer.displayName,
        producerId: cam?.producerId ?? null,
        video: cam && !cam.paused ? cam.track : null, audios: mics.filter((e) => e.track).map((e) => e.track),
        mic: !mic ? 'none' : mic.paused ? 'muted' : 'on', cam: !cam ? 'none' : cam.paused ? 'off' : 'on',
        initials: initials(peer.displayName), speaking: m.activeSpeakerId === peer.peerId,
        kickable: s.isHost && m.phase === CallPhase.Joined, host: m.hostId === peer.peerId,
      });
      for (const e of entries.filter((x) => x.kind === 'video' && x.source === 'screen')) {
        wanted.push({ key: `${peer.peerId}:screen:${e.producerId}`, peerId: peer.peerId, self: false, source: 'screen',
          producerId: e.producerId, name: `${peer.displayName} · screen`, video: e.paused ? null : e.track, audios: [],
          mic: 'none', cam: 'on', initials: '' });
      }
    }
  }

  const grid = $('#tiles');
  const existing = new Map([...grid.children].map((el) => [el.dataset.key, el]));
  let previous = null;
  for (const t of wanted) {
    let el = existing.get(t.key);
    existing.delete(t.key);
    if (!el) el = createTile(t, s);
    updateTile(el, t);
    if (previous ? previous.nextSibling !== el : grid.firstChild !== el) {
      if (previous) previous.after(el); else grid.prepend(el);
    }
    previous = el;
  }
  for (const el of existing.values()) {
    tileSizes.unobserve(el.querySelector('video'));
    for (const media of el.querySelectorAll('video, audio')) media.srcObject = null;
    el.remove();
  }
  grid.dataset.count = String(wanted.length);
  // Columns and rows that keep 16:9 tiles as large as the viewport allows.
  const n = Math.max(wanted.length, 1);
  const cols = n <= 1 ? 1 : n <= 4 ? 2 : n <= 9 ? 3 : 4;
  grid.style.setProperty('--cols', String(cols));
  grid.style.setProperty('--rows', String(Math.ceil(n / cols)));
}

function createTile(t, s) {
  const video = h('video', { autoplay: true, playsinline: true, muted: true });
  video.muted = true; // the attribute alone does not mute a dynamically created element
  // The avatar stays up until frames actually render (a new consumer waits for its first key frame).
  const playing = () => { if (video.videoWidth > 0) video.closest('.tile')?.setAttribute('data-playing', 'true'); };
  video.addEventListener('loadeddata', playing);
  video.addEventListener('resize', playing);
  const el = h('div', { class: 'tile', 'data-key': t.key, 'data-peer-id': t.peerId, 'data-source': t.source, 'data-self': String(t.self) },
    video,
    h('div', { class: 'avatar', 'aria-hidden': 'true' }, h('span', {}, t.initials)),
    h('div', { class: 'audios' }),
    h('div', { class: 'label' },
      h('span', { class: 'mic-indicator', title: 'Microphone muted' }, icon('micOff')),
      h('span', { class: 'name' }, t.name),
      h('span', { class: 'host-badge', title: 'Host' }, 'host')),
  );
  if (t.self && t.source === 'camera') video.classList.add('mirror');
  if (!t.self) tileSizes.observe(video);
  if (!t.self && t.source === 'camera') {
    el.append(h('button', {
      type: 'button', class: 'kick', title: `Remove ${t.name} from the room`,
      onclick: async () => {
        const name = el.querySelector('.name').textContent;
        if (!window.confirm(`Remove ${name} from the room?`)) return;
        try { await s.kick(t.peerId); } catch (e) { notify('error', `Could not remove ${name}: ${describe(e)}`, e.code); }
      },
    }, 'Remove'));
  }
  return el;
}

function updateTile(el, t) {
  const video = el.querySelector('video');
  if (video._track !== t.video) {
    video._track = t.video;
    video._producerId = t.producerId ?? null;
    if (t.video) reportVideoSize(video);
    el.dataset.playing = 'false';
    video.srcObject = t.video ? new MediaStream([t.video]) : null;
    if (t.video) video.play().catch(() => {});
  }
  el.dataset.peerId = t.peerId;
  const audioBox = el.querySelector('.audios');
  const have = new Map([...audioBox.children].map((a) => [a._track, a]));
  for (const track of t.audios) {
    if (have.has(track)) { have.delete(track); continue; }
    const audio = h('audio', { autoplay: true });
    audio._track = track;
    audio.srcObject = new MediaStream([track]);
    audio.play().catch(() => {});
    audioBox.append(audio);
  }
  for (const a of have.values()) { a.srcObject = null; a.remove(); }
  el.querySelector('.name').textContent = t.name;
  el.dataset.mic = t.mic;
  el.dataset.cam = t.cam;
  el.dataset.video = t.video ? 'on' : 'off';
  el.classList.toggle('speaking', !!t.speaking);
  el.classList.toggle('is-host', !!t.host);
  const kick = el.querySelector('.kick');
  if (kick) kick.hidden = !t.kickable;
}

// ------------------------------------------------------------------ received video size (simulcast layers)

/** Tells the session how many device pixels tall a remote video is shown, so it can pick the simulcast layer. */
function reportVideoSize(video) {
  if (!session || !video._producerId) return;
  let height = 0;
  if (!document.hidden && video.isConnected) {
    const { width: w, height: h } = video.getBoundingClientRect();
    // object-fit: cover fills the box, so a box wider than the video's aspect shows the frame taller than the box.
    const aspect = video.videoWidth > 0 && video.videoHeight > 0 ? video.videoWidth / video.videoHeight : 4 / 3;
    if (w > 0 && h > 0) height = Math.max(h, w / aspect) * (window.devicePixelRatio || 1);
  }
  session.setVideoDisplayHeight(video._producerId, Math.round(height), video.videoHeight);
}

// A tile that is not displayed (display: none, or the page hidden) reports 0: the session asks for the lowest layer.
const tileSizes = new ResizeObserver((entries) => { for (const e of entries) reportVideoSize(e.target); });

function reportAllVideoSizes() {
  for (const video of document.querySelectorAll('#tiles .tile[data-self="false"] video')) reportVideoSize(video);
}

// ------------------------------------------------------------------ controls

async function guarded(fn) {
  try { await fn(); } catch (e) { notify('error', describe(e), e.code ?? e.name); }
}

function wireControls() {
  $('#join-form').addEventListener('submit', onJoin);
  $('#btn-mic').addEventListener('click', () => guarded(() => session?.setMicMuted(!session.model.local.micMuted)));
  $('#btn-cam').addEventListener('click', () => guarded(() => session?.setCameraOff(!session.model.local.camOff)));
  $('#btn-share').addEventListener('click', () => guarded(async () => {
    if (!session) return;
    if (session.model.local.screenTrack) await session.stopScreenShare();
    else {
      try { await session.startScreenShare(); } catch (e) {
        if (e.name === 'NotAllowedError' || e.name === 'AbortError') return; // the user cancelled the picker
        throw e;
      }
    }
  }));
  $('#btn-leave').addEventListener('click', () => guarded(async () => {
    const s = session;
    if (!s) return;
    await s.leave();
    notify('info', 'You left the call.', 'LEFT');
    endCall(s);
  }));
  $('#copy-link').addEventListener('click', async () => {
    const url = `${location.origin}/?room=${encodeURIComponent(session?.model.roomId ?? '')}`;
    try { await navigator.clipboard.writeText(url); notify('info', 'Invite link copied.', 'COPIED'); } catch { notify('info', url, 'COPIED'); }
  });
  window.addEventListener('beforeunload', () => { session?.signaling?.close(); });
  document.addEventListener('visibilitychange', reportAllVideoSizes);
  // The decoded size is known only once frames arrive; it refines the aspect (and, without appData, the top height).
  document.getElementById('tiles').addEventListener('resize', (ev) => { if (ev.target.tagName === 'VIDEO') reportVideoSize(ev.target); }, true);
}

// Hooks for the end-to-end tests and for debugging from the console.
window.vibez = {
  get session() { return session; },
  get model() { return session?.model ?? null; },
  inboundStats: () => session?.inboundStats() ?? Promise.resolve([]),
  /** Drops the signaling connection as a network failure would (the client must recover by itself). */
  dropConnection: () => session?.signaling?.socket.io.engine?.close(),
};

function init() {
  if (params.get('room')) $('#room-input').value = params.get('room');
  if (params.get('name')) $('#name-input').value = params.get('name');
  renderAccount();
  wireControls();
  showLobby();
  if (account) auth.me(account.token).catch((e) => { if (e.code === 'UNAUTHORIZED') { auth.clear(); account = null; renderAccount(); } });
}

init();
