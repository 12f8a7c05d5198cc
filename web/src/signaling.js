// Socket.IO signaling over PROTOCOL.md: one request/ack helper and typed server errors.
import { io } from 'socket.io-client';

/** A failure the server reported in an ack: `{ error: { code, message } }`. */
export class ServerError extends Error {
  constructor(code, message) {
    super(message || code);
    this.name = 'ServerError';
    this.code = code;
  }
}

/** How long a request waits for its ack before it is treated as lost. */
const REQUEST_TIMEOUT_MS = 15000;

export class Signaling {
  /**
   * @param {string} url  server origin ('' = this page's origin)
   * @param {{ token?: string, displayName?: string, transports?: string[] }} options
   */
  constructor(url, { token, displayName, transports } = {}) {
    this.socket = io(url || undefined, {
      auth: token ? { token } : { displayName },
      transports: transports ?? ['polling', 'websocket'],
      reconnection: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 4000,
      timeout: 10000,
    });
  }

  /** Emits an event and resolves with its ack, or rejects with a ServerError (or a timeout). */
  request(event, data = {}) {
    return new Promise((resolve, reject) => {
      this.socket.timeout(REQUEST_TIMEOUT_MS).emit(event, data, (err, res) => {
        if (err) {
          reject(new ServerError('TIMEOUT', `The server did not answer '${event}' in time.`));
        } else if (res && typeof res === 'object' && res.error) {
          reject(new ServerError(res.error.code ?? 'INTERNAL', res.error.message ?? `'${event}' failed.`));
        } else {
          resolve(res ?? {});
        }
      });
    });
  }

  on(event, handler) { this.socket.on(event, handler); }
  off(event, handler) { this.socket.off(event, handler); }
  get connected() { return this.socket.connected; }
  get id() { return this.socket.id; }
  close() { this.socket.disconnect(); }
}
