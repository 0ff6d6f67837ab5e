// The /streaming Socket.IO namespace, chat side: join, chat between users and anonymous viewers, every
// refusal the docs list (docs/realtime.md), history over REST, durability of acknowledged messages across
// a clean shutdown, the chat rate limit, reactions, WebRTC signalling relay and stream end. Real binary,
// real socket.io-client; SQLite by default, MariaDB when TC_IT_MYSQL_URL is set.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as pathJoin } from 'node:path';
import { startServer, api, register, itWith } from './harness.mjs';
import { serverForFile, streamingClient, createStream as createStreamTitled, waitForEvent, withTimeout, once, sleep } from './it_helpers.mjs';

const COMMON = ['--auth-rate-limit', '0', '--handshake-rate', '0'];
let srv;
const { sockets, connect, ack } = streamingClient({ connectMs: 15000, ackMs: 15000 });

serverForFile({ args: [...COMMON, '--chat-history', '5'] }, (s) => { srv = s; }, sockets);

const it = itWith({ timeout: 60_000 });



// Collects every `name` event from now on.
function collect(socket, name) {
  const got = [];
  socket.on(name, (p) => got.push(p));
  return got;
}

const createStream = (base, token, title = 'chat test') => createStreamTitled(base, token, title);

async function join(socket, streamId) {
  const joined = once(socket, 'joined_stream');
  const res = await ack(socket, 'join_stream', { stream_id: streamId });
  assert.equal(res.ok, true, JSON.stringify(res));
  const [payload] = await joined;
  return { res, joined: payload };
}

const refusal = (res, code) => {
  assert.equal(res.ok, false, `expected refusal ${code}, got ${JSON.stringify(res)}`);
  assert.equal(res.error.code, code, JSON.stringify(res));
  assert.equal(typeof res.error.message, 'string');
};

// A short settle so that "nothing was broadcast" is checked after anything that would have been.
const SETTLE_MS = 600;

// ---- join and chat ---------------------------------------------------------------------------------

it('join_stream: joined_stream {stream, viewer_count, recent_messages} and ack {ok:true}', async () => {
  const owner = await register(srv.url);
  const stream = await createStream(srv.url, owner.token);
  const s = await connect(srv.url, owner.token);
  const { res, joined } = await join(s, stream.stream_id);
  assert.equal(res.stream_id, stream.stream_id);
  assert.equal(res.viewer_count, 1);
  assert.equal(joined.stream.stream_id, stream.stream_id);
  assert.equal(joined.stream.status, 'LIVE');
  assert.equal(joined.stream.streamer_id, owner.user.id);
  assert.equal(joined.viewer_count, 1);
  assert.deepEqual(joined.recent_messages, []);
  s.disconnect();
});

it('chat between a user, another user and an anonymous viewer; spoofed identity ignored', async () => {
  const owner = await register(srv.url);
  const bob = await register(srv.url);
  const stream = await createStream(srv.url, owner.token);
  const a = await connect(srv.url, owner.token);
  const b = await connect(srv.url, bob.token);
  const anon = await connect(srv.url);
  for (const s of [a, b, anon]) await join(s, stream.stream_id);

  const got = [a, b, anon].map((s) => waitForEvent(s, 'chat_message', (m) => m.message === 'hello from bob', 'chat_message matching', 15000));
  const res = await ack(b, 'send_message', { stream_id: stream.stream_id, message: 'hello from bob', user_id: owner.user.id, username: owner.user.username });
  assert.equal(res.ok, true, JSON.stringify(res));
  assert.equal(typeof res.message_id, 'string');
  for (const [m] of (await Promise.all(got)).map((x) => [x])) {
    assert.equal(m.user_id, bob.user.id);
    assert.equal(m.username, bob.user.username);
    assert.equal(m.stream_id, stream.stream_id);
    assert.equal(m.message_id, res.message_id);
    assert.equal(m.message_type, 'TEXT');
    assert.equal(m.badge, null);
  }

  const got2 = [a, b, anon].map((s) => waitForEvent(s, 'chat_message', (m) => m.message === 'welcome', 'chat_message matching', 15000));
  const res2 = await ack(a, 'send_message', { stream_id: stream.stream_id, message: '  welcome  ' });
  assert.equal(res2.ok, true);
  for (const m of await Promise.all(got2)) {
    assert.equal(m.user_id, owner.user.id);
    assert.equal(m.badge, 'streamer');
  }

  // Anonymous viewers read but do not write: refused, nothing broadcast.
  const seen = collect(a, 'chat_message');
  refusal(await ack(anon, 'send_message', { stream_id: stream.stream_id, message: 'anon says hi' }), 'not_authenticated');
  await sleep(SETTLE_MS);
  assert.equal(seen.filter((m) => m.message === 'anon says hi').length, 0);
  for (const s of [a, b, anon]) s.disconnect();
});

it('send_message refusals: too long, invalid, wrong type, not in stream; nothing stored or broadcast', async () => {
  const owner = await register(srv.url);
  const stream = await createStream(srv.url, owner.token);
  const other = await createStream(srv.url, owner.token, 'other');
  const s = await connect(srv.url, owner.token);
  const watcher = await connect(srv.url);
  await join(s, stream.stream_id);
  await join(watcher, stream.stream_id);
  const seen = collect(watcher, 'chat_message');
  const sid = stream.stream_id;

  refusal(await ack(s, 'send_message', { stream_id: sid, message: 'x'.repeat(501) }), 'message_too_long');
  // 500 code points of a 4-byte emoji (2,000 bytes, 1,000 UTF-16 units) is exactly the limit.
  const emoji500 = '🚀'.repeat(500);
  const okEmoji = await ack(s, 'send_message', { stream_id: sid, message: emoji500, message_type: 'EMOJI' });
  assert.equal(okEmoji.ok, true, JSON.stringify(okEmoji));
  refusal(await ack(s, 'send_message', { stream_id: sid, message: '🚀'.repeat(501) }), 'message_too_long');
  refusal(await ack(s, 'send_message', { stream_id: sid, message: 'bell\u0007' }), 'invalid_message');
  refusal(await ack(s, 'send_message', { stream_id: sid, message: 'a\u0000b' }), 'invalid_message');
  refusal(await ack(s, 'send_message', { stream_id: sid, message: '' }), 'invalid_message');
  refusal(await ack(s, 'send_message', { stream_id: sid, message: '   ' }), 'invalid_message');
  refusal(await ack(s, 'send_message', { stream_id: sid, message: 42 }), 'invalid_message');
  refusal(await ack(s, 'send_message', { stream_id: sid }), 'invalid_message');
  refusal(await ack(s, 'send_message', 'just a string'), 'invalid_payload');
  refusal(await ack(s, 'send_message'), 'invalid_payload');
  refusal(await ack(s, 'send_message', { stream_id: sid, message: 'hi', message_type: 'HTML' }), 'invalid_message_type');
  refusal(await ack(s, 'send_message', { stream_id: other.stream_id, message: 'wrong room' }), 'not_in_stream');
  refusal(await ack(s, 'send_message', { stream_id: 42, message: 'x' }), 'invalid_stream_id');

  await sleep(SETTLE_MS);
  assert.deepEqual(seen.map((m) => m.message), [emoji500], 'only the accepted message was broadcast');
  const hist = await api(srv.url, 'GET', `/api/v1/streaming/${sid}/messages`);
  assert.equal(hist.status, 200);
  assert.deepEqual(hist.body.messages.map((m) => m.message), [emoji500]);
  assert.equal(hist.body.messages[0].message_type, 'EMOJI');
  s.disconnect();
  watcher.disconnect();
});

it('a refused event without an ack gets an `error` event {code, message, event}; unknown event → unknown_event', async () => {
  const u = await register(srv.url);
  const stream = await createStream(srv.url, u.token);
  const s = await connect(srv.url, u.token);
  let err = once(s, 'error');
  s.emit('send_message', { stream_id: stream.stream_id, message: 'not joined yet' });
  let [e] = await err;
  assert.equal(e.code, 'not_in_stream');
  assert.equal(e.event, 'send_message');
  assert.equal(typeof e.message, 'string');

  err = once(s, 'error');
  s.emit('make_me_rich', { amount: 1 });
  [e] = await err;
  assert.equal(e.code, 'unknown_event');
  assert.equal(e.event, 'make_me_rich');

  refusal(await ack(s, 'make_me_rich', {}), 'unknown_event');
  refusal(await ack(s, 'join_stream', { stream_id: '00000000-0000-0000-0000-000000000000' }), 'stream_not_found');
  refusal(await ack(s, 'join_stream', {}), 'invalid_stream_id');
  refusal(await ack(s, 'join_stream', 'x'), 'invalid_payload');
  // The socket is still usable after all that.
  await join(s, stream.stream_id);
  s.disconnect();
});

it('a bad token on CONNECT is refused with connect_error', async () => {
  await assert.rejects(connect(srv.url, 'not-a-token'), (e) => {
    assert.ok(e.message.length > 0);
    assert.ok(e.data && typeof e.data.code === 'string', `connect_error data: ${JSON.stringify(e.data)}`);
    return true;
  });
  // Anonymous (no token) is fine.
  const s = await connect(srv.url);
  assert.equal(s.connected, true);
  s.disconnect();
});

// ---- history -----------------------------------------------------------------------------------------

it('history over REST: newest first, cursor paging, limit/cursor errors, 404 for unknown streams', async () => {
  const u = await register(srv.url);
  const stream = await createStream(srv.url, u.token);
  const sid = stream.stream_id;
  // Five users so that the default 5/10s limit never bites; each sends two.
  const senders = await Promise.all([0, 1, 2, 3, 4].map(() => register(srv.url)));
  const socks = [];
  for (const s of senders) { const so = await connect(srv.url, s.token); await join(so, sid); socks.push(so); }
  const sent = [];
  for (let i = 0; i < 10; i++) {
    const text = `m${i}`;
    const r = await ack(socks[i % 5], 'send_message', { stream_id: sid, message: text });
    assert.equal(r.ok, true, JSON.stringify(r));
    sent.push({ text, id: r.message_id });
  }
  const all = await api(srv.url, 'GET', `/api/v1/streaming/${sid}/messages`);
  assert.equal(all.status, 200);
  assert.deepEqual(all.body.messages.map((m) => m.message), sent.map((m) => m.text).reverse());
  assert.equal(all.body.next_cursor, null);
  assert.equal(all.body.messages[0].username, senders[4].user.username);

  const pages = [];
  let cursor = null;
  do {
    const r = await api(srv.url, 'GET', `/api/v1/streaming/${sid}/messages?limit=3${cursor ? `&before=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.messages.length <= 3);
    pages.push(r.body.messages.map((m) => m.message));
    cursor = r.body.next_cursor;
  } while (cursor && pages.length < 10);
  assert.deepEqual(pages, [['m9', 'm8', 'm7'], ['m6', 'm5', 'm4'], ['m3', 'm2', 'm1'], ['m0']]);

  for (const l of ['0', '201', 'abc', '-1', '1.5']) {
    const r = await api(srv.url, 'GET', `/api/v1/streaming/${sid}/messages?limit=${l}`);
    assert.equal(r.status, 400, `limit=${l}`);
    assert.equal(r.body.error.code, 'invalid_limit');
  }
  for (const c of ['garbage', '_x', 'abc_def']) {
    const r = await api(srv.url, 'GET', `/api/v1/streaming/${sid}/messages?before=${c}`);
    assert.equal(r.status, 400, `before=${c}`);
    assert.equal(r.body.error.code, 'invalid_cursor');
  }
  const missing = await api(srv.url, 'GET', '/api/v1/streaming/00000000-0000-0000-0000-000000000000/messages');
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, 'stream_not_found');

  // --chat-history 5: a late joiner gets the last five, oldest first.
  const late = await connect(srv.url);
  const { joined } = await join(late, sid);
  assert.deepEqual(joined.recent_messages.map((m) => m.message), ['m5', 'm6', 'm7', 'm8', 'm9']);
  assert.deepEqual(joined.recent_messages.map((m) => m.message_id), sent.slice(5).map((m) => m.id));
  for (const so of [...socks, late]) so.disconnect();
});

it('acknowledged messages survive a clean shutdown: 200 acks, SIGTERM right after the last, restart', async () => {
  const dir = mkdtempSync(pathJoin(tmpdir(), 'tc-it-chat-'));
  let s1;
  let s2;
  try {
    s1 = await startServer({ dataDir: dir, args: [...COMMON, '--chat-rate-limit', '0'] });
    const u = await register(s1.url);
    const stream = await createStream(s1.url, u.token);
    const so = await connect(s1.url, u.token);
    await join(so, stream.stream_id);
    const ids = [];
    // Pipelined: many in flight at once, as a busy chat would be.
    const acks = [];
    for (let i = 0; i < 200; i++) acks.push(ack(so, 'send_message', { stream_id: stream.stream_id, message: `durable ${i}` }));
    for (const r of await Promise.all(acks)) {
      assert.equal(r.ok, true, JSON.stringify(r));
      ids.push(r.message_id);
    }
    const code = await s1.stop('SIGTERM');
    assert.equal(code, 0, `exit code after SIGTERM; log tail:\n${s1.log().slice(-2000)}`);
    so.disconnect();

    s2 = await startServer({ dataDir: dir, db: s1.dbUrl, args: COMMON });
    const got = [];
    let cursor = null;
    do {
      const r = await api(s2.url, 'GET', `/api/v1/streaming/${stream.stream_id}/messages?limit=200${cursor ? `&before=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(r.status, 200, r.text);
      got.push(...r.body.messages);
      cursor = r.body.next_cursor;
    } while (cursor);
    assert.equal(got.length, 200);
    assert.deepEqual(new Set(got.map((m) => m.message_id)), new Set(ids));
  } finally {
    if (s1) await s1.stop();
    if (s2) await s2.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

it('messages accepted in the same millisecond keep their order in history and recent_messages', async () => {
  const s1 = await startServer({ args: [...COMMON, '--chat-rate-limit', '0', '--chat-history', '50'] });
  try {
    const u = await register(s1.url);
    const stream = await createStream(s1.url, u.token);
    const so = await connect(s1.url, u.token);
    await join(so, stream.stream_id);
    // Pipelined: the server accepts many of these within one millisecond.
    const acks = await Promise.all(Array.from({ length: 200 }, (_, i) =>
      ack(so, 'send_message', { stream_id: stream.stream_id, message: `order ${i}` })));
    const ids = acks.map((r) => { assert.equal(r.ok, true, JSON.stringify(r)); return r.message_id; });
    const hist = await api(s1.url, 'GET', `/api/v1/streaming/${stream.stream_id}/messages?limit=200`);
    assert.equal(hist.status, 200);
    assert.deepEqual(hist.body.messages.map((m) => m.message_id), [...ids].reverse(), 'history: newest first, in acceptance order');
    const late = await connect(s1.url);
    const { joined } = await join(late, stream.stream_id);
    assert.deepEqual(joined.recent_messages.map((m) => m.message_id), ids.slice(-50), 'recent_messages: oldest first, in acceptance order');
    so.disconnect();
    late.disconnect();
  } finally {
    await s1.stop();
    s1.cleanup();
  }
});

// ---- rate limit, reactions, signalling, end -------------------------------------------------------------

it('chat rate limit: default 5 per 10 s, the 6th is rate_limited with retry_after; the streamer gets 4x', async () => {
  const owner = await register(srv.url);
  const viewer = await register(srv.url);
  const stream = await createStream(srv.url, owner.token);
  const v = await connect(srv.url, viewer.token);
  const o = await connect(srv.url, owner.token);
  await join(v, stream.stream_id);
  await join(o, stream.stream_id);
  // Sent as bursts (all emitted before the first ack) so that the limiter's refill over the time the
  // burst takes cannot blur the count on a slow machine.
  const burst = (sock, n, tag) => Promise.all(Array.from({ length: n }, (_, i) =>
    ack(sock, 'send_message', { stream_id: stream.stream_id, message: `${tag}${i}` })));
  const vRes = await burst(v, 6, 'v');
  assert.deepEqual(vRes.map((r) => r.ok), [true, true, true, true, true, false], JSON.stringify(vRes));
  const sixth = vRes[5];
  refusal(sixth, 'rate_limited');
  assert.ok(Number.isInteger(sixth.error.retry_after) && sixth.error.retry_after >= 1 && sixth.error.retry_after <= 10,
    JSON.stringify(sixth));

  const oRes = await burst(o, 24, 'o');
  const oOk = oRes.filter((r) => r.ok).length;
  assert.ok(oOk >= 20 && oOk < 24, `the streamer may send 4x5 = 20 in a burst, got ${oOk} accepted of 24`);
  for (const r of oRes.slice(oOk)) refusal(r, 'rate_limited');
  const hist = await api(srv.url, 'GET', `/api/v1/streaming/${stream.stream_id}/messages?limit=200`);
  assert.equal(hist.body.messages.length, 5 + oOk, 'refused messages are not stored');
  v.disconnect();
  o.disconnect();
});

it('reactions: aggregated `reaction {stream_id, emoji, count}` broadcast; invalid_emoji refused', async () => {
  const u = await register(srv.url);
  const stream = await createStream(srv.url, u.token);
  const sid = stream.stream_id;
  const a = await connect(srv.url, u.token);
  const anon = await connect(srv.url);
  await join(a, sid);
  await join(anon, sid);
  const seen = collect(anon, 'reaction');
  // A burst (all emitted before the first ack) lands in one or two 250 ms windows.
  const burst = await Promise.all(Array.from({ length: 10 }, () => ack(a, 'send_reaction', { stream_id: sid, emoji: '🔥' })));
  for (const r of burst) assert.equal(r.ok, true, JSON.stringify(r));
  // Anonymous viewers may react.
  assert.equal((await ack(anon, 'send_reaction', { stream_id: sid, emoji: '🚀' })).ok, true);
  const total = (emoji) => seen.filter((r) => r.emoji === emoji).reduce((n, r) => n + r.count, 0);
  await withTimeout((async () => { while (total('🔥') < 10 || total('🚀') < 1) await sleep(100); })(), 15000, 'reactions');
  for (const r of seen) assert.equal(r.stream_id, sid);
  assert.equal(total('🔥'), 10);
  assert.equal(total('🚀'), 1);
  const fireEvents = seen.filter((r) => r.emoji === '🔥').length;
  assert.ok(fireEvents < 10, `10 reactions arrived as ${fireEvents} aggregated events`);

  for (const bad of ['', 'x'.repeat(9), 'a\u0001', 42, undefined]) {
    refusal(await ack(a, 'send_reaction', { stream_id: sid, emoji: bad }), 'invalid_emoji');
  }
  refusal(await ack(a, 'send_reaction', { stream_id: sid, emoji: '🔥'.repeat(9) }), 'invalid_emoji');
  const other = await createStream(srv.url, u.token, 'other');
  refusal(await ack(a, 'send_reaction', { stream_id: other.stream_id, emoji: '🔥' }), 'not_in_stream');
  a.disconnect();
  anon.disconnect();
});

it('webrtc_offer relayed to the other room members with `from`, or to one peer with `to`', async () => {
  const owner = await register(srv.url);
  const stream = await createStream(srv.url, owner.token);
  const sid = stream.stream_id;
  const a = await connect(srv.url, owner.token);
  const b = await connect(srv.url);
  const c = await connect(srv.url);
  for (const s of [a, b, c]) await join(s, sid);
  const aGot = collect(a, 'webrtc_offer');

  const atB = once(b, 'webrtc_offer');
  const atC = once(c, 'webrtc_offer');
  const r = await ack(a, 'webrtc_offer', { stream_id: sid, sdp: 'v=0 fake', from: 'spoofed', user_id: 'spoofed' });
  assert.equal(r.ok, true, JSON.stringify(r));
  for (const [m] of [await atB, await atC]) {
    assert.equal(m.from, a.id);
    assert.equal(m.sdp, 'v=0 fake');
    assert.equal(m.user_id, owner.user.id);
  }

  const cGot = collect(c, 'webrtc_offer');
  const toB = once(b, 'webrtc_offer');
  assert.equal((await ack(a, 'webrtc_offer', { stream_id: sid, to: b.id, sdp: 'only b' })).ok, true);
  const [m] = await toB;
  assert.equal(m.sdp, 'only b');
  assert.equal(m.from, a.id);
  // Answer back, addressed to the sender.
  const atA = once(a, 'webrtc_answer');
  assert.equal((await ack(b, 'webrtc_answer', { stream_id: sid, to: a.id, sdp: 'answer' })).ok, true);
  const [ans] = await atA;
  assert.equal(ans.from, b.id);
  assert.equal(ans.user_id, undefined, 'anonymous senders carry no user_id');
  refusal(await ack(a, 'webrtc_offer', { stream_id: sid, to: 'nobody', sdp: 'x' }), 'peer_not_found');
  await sleep(SETTLE_MS);
  assert.equal(aGot.length, 0, 'the sender does not get its own offer');
  assert.equal(cGot.filter((x) => x.sdp === 'only b').length, 0, 'a targeted offer reaches only its target');
  for (const s of [a, b, c]) s.disconnect();
});

it('stream end over REST: stream_ended {stream_id, duration}, then not_in_stream and stream_not_live', async () => {
  const owner = await register(srv.url);
  const viewer = await register(srv.url);
  const stream = await createStream(srv.url, owner.token);
  const sid = stream.stream_id;
  const v = await connect(srv.url, viewer.token);
  const anon = await connect(srv.url);
  await join(v, sid);
  await join(anon, sid);
  const ended = [once(v, 'stream_ended'), once(anon, 'stream_ended')];
  const r = await api(srv.url, 'POST', `/api/v1/streaming/${sid}/end`, { token: owner.token });
  assert.equal(r.status, 200, r.text);
  for (const [e] of await Promise.all(ended)) {
    assert.equal(e.stream_id, sid);
    assert.ok(Number.isInteger(e.duration) && e.duration >= 0, JSON.stringify(e));
    assert.equal(e.duration, r.body.stream.duration_seconds);
  }
  // The room is closed: the viewer is out of it, chat is refused, and nobody can join again.
  const res = await ack(v, 'send_message', { stream_id: sid, message: 'too late' });
  refusal(res, 'not_in_stream');
  refusal(await ack(v, 'join_stream', { stream_id: sid }), 'stream_not_live');
  const fresh = await connect(srv.url);
  refusal(await ack(fresh, 'join_stream', { stream_id: sid }), 'stream_not_live');
  const hist = await api(srv.url, 'GET', `/api/v1/streaming/${sid}/messages`);
  assert.equal(hist.body.messages.length, 0);
  for (const s of [v, anon, fresh]) s.disconnect();
});
