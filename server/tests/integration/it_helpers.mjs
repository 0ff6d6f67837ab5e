// Helpers shared by the realtime integration tests (Engine.IO / Socket.IO protocol suites and the
// /streaming namespace suites): server lifetime with a plain crash report, and the socket.io-client
// connect/ack used against /streaming; the bounded waits of waits.mjs are re-exported here.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { startServer, api } from './harness.mjs';
import { once, withTimeout } from './waits.mjs';

// The waits live in waits.mjs (no npm dependencies, so media and web/e2e import them too).
export { sleep, withTimeout, once, waitForEvent, eventually } from './waits.mjs';

// Stops a server started by the harness. A crash mid-file shows up as a wall of connection errors; say
// so plainly, with the server's last words.
export async function stopServer(srv) {
  if (srv.proc.exitCode !== null || srv.proc.signalCode !== null) {
    console.error(`tradecast died (exit ${srv.proc.exitCode}, signal ${srv.proc.signalCode}):\n${srv.log().slice(-4000)}`);
  }
  await srv.stop();
  srv.cleanup();
}

// One server for the whole file, started before the first test and stopped after the last; `onStart`
// gets it as soon as it is up. `sockets` (if given) are disconnected first.
export function serverForFile(options, onStart, sockets = null) {
  let srv;
  before(async () => {
    srv = await startServer(options);
    onStart(srv);
  });
  after(async () => {
    if (sockets) for (const s of sockets) s.disconnect();
    if (!srv) return;
    await stopServer(srv);
  });
}

// The --protocol-test-mode server without a database that the protocol suites run against; `onStart`
// gets { srv, base, wsBase } with the HTTP and WebSocket URLs of `path` (e.g. '/engine.io/').
export const protocolServerForFile = (path, onStart) => serverForFile({ args: ['--protocol-test-mode'], db: null },
  (srv) => onStart({ srv, base: `${srv.url}${path}`, wsBase: `ws://127.0.0.1:${srv.port}${path}` }));

// socket.io-client against /streaming over WebSocket only. Every socket is remembered in `sockets` so the
// file can disconnect leftovers at the end; connects and acks fail after `connectMs` / `ackMs`.
export function streamingClient({ connectMs, ackMs }) {
  const sockets = new Set();
  async function connect(base, token, opts = {}) {
    const socket = io(`${base}/streaming`, { forceNew: true, reconnection: false, transports: ['websocket'], ...(token ? { auth: { token } } : {}), ...opts });
    sockets.add(socket);
    const failed = new Promise((_, reject) => socket.once('connect_error', (e) => reject(e)));
    failed.catch(() => {});
    await withTimeout(Promise.race([once(socket, 'connect'), failed]), connectMs, 'connect');
    return socket;
  }
  const ack = (socket, event, ...args) => withTimeout(socket.emitWithAck(event, ...args), ackMs, `ack for ${event}`);
  return { sockets, connect, ack };
}

export async function createStream(base, token, title) {
  const r = await api(base, 'POST', '/api/v1/streaming/create', { token, body: { title } });
  assert.equal(r.status, 201, r.text);
  return r.body.stream;
}

// A raw Engine.IO v4 WebSocket client that queues every frame exactly as received (text as strings,
// binary as Buffers). With autoPong, server pings ("2") are answered with "3" and counted, not queued;
// without it they are counted and queued. `maxPayload` (if given) is the `ws` limit on incoming frames.
export class RawEngineIoClient {
  constructor(url, { autoPong = true, maxPayload, headers } = {}) {
    this.ws = new WebSocket(url, { ...(maxPayload === undefined ? {} : { maxPayload }), ...(headers ? { headers } : {}) });
    this.queue = [];
    this.waiters = [];
    this.pings = 0;
    this.autoPong = autoPong;
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('error', reject);
    });
    this.opened.catch(() => {});
    this.closed = new Promise((resolve) => {
      this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString(), at: Date.now() }));
    });
    this.ws.on('error', () => {});
    this.ws.on('message', (data, isBinary) => {
      const msg = isBinary ? Buffer.from(data) : data.toString();
      if (msg === '2') {
        this.pings++;
        if (this.autoPong) { this.send('3'); return; }
      }
      const w = this.waiters.shift();
      if (w) w(msg); else this.queue.push(msg);
    });
  }
  send(data) { this.ws.send(data); }
  next(ms = 5000) {
    if (this.queue.length) return Promise.resolve(this.queue.shift());
    return withTimeout(new Promise((r) => this.waiters.push(r)), ms, 'next WebSocket message');
  }
  close() { try { this.ws.terminate(); } catch { /* already gone */ } }
}
