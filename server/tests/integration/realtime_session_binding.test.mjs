// A leaked Engine.IO sid is not a session (issue 12, docs/realtime.md "Who a session belongs to"):
// the real socket.io-client as Alice, raw HTTP and WebSocket as Mallory, who knows Alice's sid and
// has a valid token of her own. Mallory's polls, posts and upgrades are refused and Alice's session
// goes on; a CONNECT naming another user than the session's is refused; no sid reaches the log.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { io } from 'socket.io-client';
import { startServer, api, register, itWith } from './harness.mjs';
import { stopServer, withTimeout, once, createStream, RawEngineIoClient } from './it_helpers.mjs';

const it = itWith({ timeout: 60_000 });

let srv, alice, mallory;
const sockets = [];
const seenSids = [];

before(async () => {
  // Debug level: every request's access log line is written, so the no-sid check below means something.
  srv = await startServer({ args: ['--auth-rate-limit', '0', '--log-level', 'debug'] });
  alice = await register(srv.url);
  mallory = await register(srv.url);
});
after(async () => {
  for (const s of sockets) s.disconnect();
  if (srv) await stopServer(srv);
});

async function connectAs(token, opts) {
  const socket = io(`${srv.url}/streaming`, { forceNew: true, reconnection: false, auth: { token }, ...opts });
  sockets.push(socket);
  const failed = new Promise((_, reject) => socket.once('connect_error', reject));
  failed.catch(() => {});
  await withTimeout(Promise.race([once(socket, 'connect'), failed]), 20_000, 'connect');
  seenSids.push(socket.io.engine.id);
  return socket;
}

const ack = (socket, event, payload) => withTimeout(socket.emitWithAck(event, payload), 20_000, `ack for ${event}`);
const pollUrl = (sid) => `${srv.url}/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`;
const bearer = (token) => ({ authorization: `Bearer ${token}` });

async function raw(url, init) {
  const r = await fetch(url, init);
  return { status: r.status, text: await r.text() };
}

// The HTTP status a WebSocket upgrade was refused with, or 'open' when it was accepted.
function upgradeStatus(url, headers) {
  return withTimeout(new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (req, res) => { resolve(res.statusCode); req.destroy(); });
    ws.on('open', () => { resolve('open'); ws.terminate(); });
    ws.on('error', () => {});
  }), 10_000, 'upgrade');
}

it('Mallory, with her own token and Alice\'s sid, can neither read, write nor upgrade Alice\'s session', async () => {
  const stream = await createStream(srv.url, alice.token, 'binding test');
  // The browser's way: the token in the CONNECT packet, long-polling (the sid in every URL).
  const a = await connectAs(alice.token, { transports: ['polling'] });
  const sid = a.io.engine.id;
  const joined = await ack(a, 'join_stream', { stream_id: stream.stream_id });
  assert.equal(joined.ok, true, JSON.stringify(joined));

  const got = await raw(pollUrl(sid), { headers: bearer(mallory.token) });
  assert.equal(got.status, 403, got.text);
  assert.deepEqual(JSON.parse(got.text), { code: 4, message: 'Forbidden' });
  const packet = `42/streaming,${JSON.stringify(['send_message', { stream_id: stream.stream_id, message: 'from mallory' }])}`;
  const posted = await raw(pollUrl(sid), { method: 'POST', body: packet, headers: bearer(mallory.token) });
  assert.equal(posted.status, 403, posted.text);
  const wsUrl = `ws://127.0.0.1:${srv.port}/socket.io/?EIO=4&transport=websocket&sid=${encodeURIComponent(sid)}`;
  assert.equal(await upgradeStatus(wsUrl, bearer(mallory.token)), 403);

  // Alice's session is undisturbed: her events are acked and her chat line is the only one.
  const sent = await ack(a, 'send_message', { stream_id: stream.stream_id, message: 'from alice' });
  assert.equal(sent.ok, true, JSON.stringify(sent));
  assert.equal(a.connected, true);
  const history = await api(srv.url, 'GET', `/api/v1/streaming/${stream.stream_id}/messages`);
  assert.equal(history.status, 200, history.text);
  assert.ok(history.text.includes('from alice'), history.text);
  assert.ok(!history.text.includes('from mallory'), history.text);
});

it('a client sending its token as a header on every request (extraHeaders) polls, upgrades and acts as before', async () => {
  const a = io(`${srv.url}/streaming`, { forceNew: true, reconnection: false, extraHeaders: bearer(alice.token) });
  sockets.push(a);
  const upgraded = once(a.io.engine, 'upgrade', 20_000);
  await withTimeout(once(a, 'connect'), 20_000, 'connect');
  seenSids.push(a.io.engine.id);
  await upgraded;
  assert.equal(a.io.engine.transport.name, 'websocket');
  assert.equal((await ack(a, 'watch_directory', {})).ok, true);
  // Mallory presenting this session's sid with her token is refused here too.
  const wsUrl = `ws://127.0.0.1:${srv.port}/socket.io/?EIO=4&transport=websocket&sid=${encodeURIComponent(a.io.engine.id)}`;
  assert.equal(await upgradeStatus(wsUrl, bearer(mallory.token)), 403);
  assert.equal((await ack(a, 'watch_directory', {})).ok, true);
});

// A raw WebSocket session (the handshake's headers given) and its /streaming CONNECT answers.
async function rawSession(headers) {
  const c = new RawEngineIoClient(`ws://127.0.0.1:${srv.port}/socket.io/?EIO=4&transport=websocket`, { headers });
  const open = await c.next();
  assert.equal(open[0], '0', open);
  seenSids.push(JSON.parse(open.slice(1)).sid);
  return c;
}
async function assertConnect(c, token, accepted) {
  c.send(`40/streaming,${JSON.stringify({ token })}`);
  const answer = await c.next();
  if (accepted) return assert.ok(answer.startsWith('40/streaming,{"sid":'), answer);
  assert.ok(answer.startsWith('44/streaming,'), answer);
  assert.equal(JSON.parse(answer.slice('44/streaming,'.length)).data.code, 'identity_mismatch');
}

it('one session, one user: a CONNECT whose auth.token names another user than the handshake header is refused', async () => {
  const c = await rawSession(bearer(alice.token));
  try {
    await assertConnect(c, mallory.token, false);
    await assertConnect(c, alice.token, true);  // Alice's own token on the same session is accepted
  } finally { c.close(); }
});

it('one session, one user: after Alice\'s CONNECT (auth.token, no header), a CONNECT naming Mallory is refused', async () => {
  const c = await rawSession(undefined);
  try {
    await assertConnect(c, alice.token, true);
    c.send('41/streaming,');  // leaves the namespace; the session stays Alice's
    await assertConnect(c, mallory.token, false);
    await assertConnect(c, alice.token, true);
  } finally { c.close(); }
});

it('no Engine.IO sid appears in the log (access lines included)', async () => {
  assert.ok(seenSids.length >= 3, 'the tests above ran');
  const log = srv.log();
  assert.match(log, /msg=request .*path=\/socket\.io\//, 'debug access lines are written');
  for (const sid of seenSids) assert.ok(!log.includes(sid), `sid ${sid} found in the log`);
});
