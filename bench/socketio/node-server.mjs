// Node's socket.io 4.8 server with the handlers the fan-out benchmark uses (join, broadcast, as in the
// conformance host), for a side-by-side comparison with VibezLive.SocketIO on the same machine.
//   node --expose-gc bench/socketio/node-server.mjs --port N
// GET /healthz answers when ready; GET /stats reports memory after a forced GC.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 3001;

const http = createServer((req, res) => {
  if (req.url === '/healthz') { res.end('ok'); return; }
  if (req.url === '/stats') {
    globalThis.gc?.();
    const m = process.memoryUsage();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ clients: io.engine.clientsCount, heapUsed: m.heapUsed, rss: m.rss }));
    return;
  }
  if (!req.url.startsWith('/socket.io/')) { res.writeHead(404); res.end(); }
});
const io = new Server(http, { cors: { origin: '*' }, maxHttpBufferSize: 1_000_000 });
for (const nsp of [io.of('/')]) {
  nsp.on('connection', (socket) => {
    socket.on('join', (room, ack) => { socket.join(room); ack?.(); });
    socket.on('broadcast', (room, ...rest) => {
      const ack = typeof rest.at(-1) === 'function' ? rest.pop() : null;
      nsp.to(room).emit('broadcast', ...rest);
      ack?.();
    });
  });
}
http.listen(port, '127.0.0.1');
