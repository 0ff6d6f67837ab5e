// Realtime limits (docs/realtime.md "Limits"): a consumer that stops reading is disconnected as a slow
// client once its send queue passes 1 MiB, without holding up a normal reader in the same room; per-IP
// connection and handshake-rate admission limits answer 429.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startServer, api, register, itWith } from './harness.mjs';
import { stopServer, streamingClient, sleep, withTimeout, once } from './it_helpers.mjs';

const COMMON = ['--auth-rate-limit', '0'];
const servers = [];
const { sockets, connect, ack } = streamingClient({ connectMs: 30000, ackMs: 60000 });

after(async () => {
  for (const s of sockets) s.disconnect();
  for (const srv of servers) await stopServer(srv);
});

async function start(args) {
  const srv = await startServer({ args: [...COMMON, ...args] });
  servers.push(srv);
  return srv;
}

const it = itWith({ timeout: 120_000 });

async function metric(base, name) {
  const r = await api(base, 'GET', '/metrics');
  assert.equal(r.status, 200);
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+(?:\\.\\d+)?)$`, 'm').exec(r.text);
  return m ? Number(m[1]) : null;
}

// A raw Engine.IO v4 WebSocket client: opens, CONNECTs to /streaming and joins a stream, answering pings
// only while it reads.
async function rawViewer(srv, streamId) {
  const ws = new WebSocket(`ws://127.0.0.1:${srv.port}/socket.io/?EIO=4&transport=websocket`);
  const frames = [];
  let waiter = null;
  ws.on('message', (data) => {
    const text = data.toString();
    if (text === '2') { ws.send('3'); return; }
    frames.push(text);
    if (waiter && waiter.pred(text)) { waiter.resolve(text); waiter = null; }
  });
  const next = (pred, what) => {
    const found = frames.find(pred);
    if (found) return Promise.resolve(found);
    return withTimeout(new Promise((resolve) => { waiter = { pred, resolve }; }), 15000, what);
  };
  await once(ws, 'open');
  await next((t) => t.startsWith('0{'), 'Engine.IO open');
  ws.send('40/streaming,{}');
  await next((t) => t.startsWith('40/streaming,'), 'CONNECT answer');
  ws.send(`42/streaming,1${JSON.stringify(['join_stream', { stream_id: streamId }])}`);
  const a = await next((t) => t.startsWith('43/streaming,1'), 'join ack');
  assert.equal(JSON.parse(a.slice('43/streaming,1'.length))[0].ok, true, a);
  return { ws, frames };
}

it('a paused consumer is disconnected as a slow client while a normal reader keeps receiving', async () => {
  const srv = await start(['--chat-rate-limit', '0', '--handshake-rate', '0']);
  const owner = await register(srv.url);
  const created = await api(srv.url, 'POST', '/api/v1/streaming/create', { token: owner.token, body: { title: 'flood' } });
  assert.equal(created.status, 201, created.text);
  const sid = created.body.stream.stream_id;

  const sender = await connect(srv.url, owner.token);
  const reader = await connect(srv.url);
  assert.equal((await ack(sender, 'join_stream', { stream_id: sid })).ok, true);
  assert.equal((await ack(reader, 'join_stream', { stream_id: sid })).ok, true);
  let received = 0;
  reader.on('chat_message', () => { received++; });
  let readerGone = null;
  reader.on('disconnect', (why) => { readerGone = why; });

  const slow = await rawViewer(srv, sid);
  let slowClosed = false;
  slow.ws.on('close', () => { slowClosed = true; });
  slow.ws._socket.pause();  // stops reading: the kernel buffers fill, then the server's queue

  assert.equal(await metric(srv.url, 'tradecast_realtime_slow_disconnects_total') ?? 0, 0);
  // 500 four-byte code points: about 2 KB per chat_message frame. Sent in pipelined batches until the
  // server reports the slow disconnect (kernel socket buffers on loopback absorb several MB first).
  const text = '🚀'.repeat(500);
  let sent = 0;
  let slowCount = 0;
  for (let batch = 0; batch < 60 && slowCount === 0; batch++) {
    const acks = await Promise.all(Array.from({ length: 250 }, () => ack(sender, 'send_message', { stream_id: sid, message: text })));
    for (const r of acks) assert.equal(r.ok, true, JSON.stringify(r));
    sent += acks.length;
    slowCount = (await metric(srv.url, 'tradecast_realtime_slow_disconnects_total')) ?? 0;
  }
  assert.ok(slowCount > 0, `no slow disconnect after ${sent} messages`);
  if (process.env.TC_IT_VERBOSE) console.log(`slow disconnect after ${sent} messages`);
  assert.equal(slowCount, 1, 'only the paused client was disconnected');

  // The normal reader got every message, and is still connected.
  await withTimeout((async () => { while (received < sent) await sleep(100); })(), 60000,
    `reader caught up (${received} of ${sent})`);
  assert.equal(received, sent);
  assert.equal(readerGone, null);
  assert.equal(reader.connected, true);
  assert.equal(sender.connected, true);

  // The paused client, once it reads again, finds its connection closed.
  slow.ws._socket.resume();
  await withTimeout((async () => { while (!slowClosed) await sleep(100); })(), 60000, 'slow client closed');
  const stats = await api(srv.url, 'GET', `/api/v1/streaming/${sid}/stats`);
  assert.equal(stats.body.stats.current_viewers, 2, 'the slow client left the room');
  sender.disconnect();
  reader.disconnect();
}, 300_000);

const handshake = (srv) => api(srv.url, 'GET', '/socket.io/?EIO=4&transport=polling');

function wsHandshakeStatus(srv) {
  return withTimeout(new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${srv.port}/socket.io/?EIO=4&transport=websocket`);
    ws.on('unexpected-response', (_req, res) => { resolve(res.statusCode); res.resume(); ws.terminate(); });
    ws.on('open', () => { resolve(101); ws.terminate(); });
    ws.on('error', (e) => { if (!/Unexpected server response/.test(e.message)) reject(e); });
  }), 15000, 'websocket handshake');
}

it('--max-connections-per-ip 3: the 4th handshake gets 429 too_many_connections', async () => {
  const srv = await start(['--max-connections-per-ip', '3', '--handshake-rate', '0']);
  for (let i = 0; i < 3; i++) {
    const r = await handshake(srv);
    assert.equal(r.status, 200, `handshake ${i + 1}: ${r.text}`);
    assert.ok(r.text.includes('"sid"'), r.text);
  }
  const fourth = await handshake(srv);
  assert.equal(fourth.status, 429, fourth.text);
  assert.equal(fourth.body.error.code, 'too_many_connections');
  assert.equal(await wsHandshakeStatus(srv), 429, 'a WebSocket handshake is refused the same way');
});

it('--handshake-rate 5/60s: the 6th handshake gets 429 rate_limited with Retry-After', async () => {
  const srv = await start(['--handshake-rate', '5/60s']);
  for (let i = 0; i < 5; i++) {
    const r = await handshake(srv);
    assert.equal(r.status, 200, `handshake ${i + 1}: ${r.text}`);
  }
  const sixth = await handshake(srv);
  assert.equal(sixth.status, 429, sixth.text);
  assert.equal(sixth.body.error.code, 'rate_limited');
  const retry = Number(sixth.headers.get('retry-after'));
  assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 60, `Retry-After: ${sixth.headers.get('retry-after')}`);
  // REST is not affected by the realtime handshake limit.
  assert.equal((await api(srv.url, 'GET', '/api/v1/streaming')).status, 200);
});
