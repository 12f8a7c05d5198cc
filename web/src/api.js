// REST API: /api/auth/* and /api/rooms. Errors come as { error: { code, message } } like the signaling acks.
import { ServerError } from './signaling.js';

const TOKEN_KEY = 'vibez.token';
const USER_KEY = 'vibez.user';

async function call(method, path, body, token) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ServerError('UNREACHABLE', 'The server cannot be reached.');
  }
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) {
    const e = json?.error;
    throw new ServerError(e?.code ?? `HTTP_${res.status}`, e?.message ?? `Request failed (${res.status}).`);
  }
  return json;
}

export const auth = {
  /** The saved session, or null. */
  load() {
    try {
      const token = localStorage.getItem(TOKEN_KEY);
      const user = JSON.parse(localStorage.getItem(USER_KEY) ?? 'null');
      return token && user ? { token, user } : null;
    } catch { return null; }
  },
  save({ token, user }) {
    localStorage.setItem(TOKEN_KEY, token);
    localStorage.setItem(USER_KEY, JSON.stringify(user));
  },
  clear() {
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(USER_KEY);
  },
  login(username, password) { return call('POST', '/api/auth/login', { username, password }); },
  register(username, password, displayName) {
    return call('POST', '/api/auth/register', { username, password, displayName: displayName || undefined });
  },
  me(token) { return call('GET', '/api/auth/me', undefined, token); },
};

export const rooms = {
  /** @returns {Promise<Array<{ id, name, participants, live, stored, hasPassword, maxPeers }>>} */
  async list() { return (await call('GET', '/api/rooms'))?.rooms ?? []; },
};
