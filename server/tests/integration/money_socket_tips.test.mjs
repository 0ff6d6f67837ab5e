// Tips over Socket.IO (/streaming): `send_tip` with its ack, `tip_sent` to the tipper,
// `tip_received` and the TIP `chat_message` to the room — also for tips paid over REST — and the
// TIP line in `recent_messages` for later joiners. Real socket.io-client against the real binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, register, backend } from './harness.mjs';
import { streamingClient, withTimeout } from './it_helpers.mjs';
import { OPERATOR_KEY, key, deposit, balance, liveStream, tip, verifyLedger } from './money_helpers.mjs';

let srv;
before(async () => {
  srv = await startServer({ args: ['--auth-rate-limit', '0', '--tip-rate-limit', '0', '--operator-key', OPERATOR_KEY] });
});
after(async () => { await srv.stop(); srv.cleanup(); });

const client = streamingClient({ connectMs: 10000, ackMs: 10000 });
const emitAck = client.ack;

// Collects every event of the given names, in order; next(name) waits for the next unread one.
function recorder(socket, names) {
  const seen = Object.fromEntries(names.map((n) => [n, []]));
  const waiters = [];
  for (const n of names) {
    socket.on(n, (payload) => {
      seen[n].push(payload);
      for (const w of waiters.splice(0)) w();
    });
  }
  const read = Object.fromEntries(names.map((n) => [n, 0]));
  return {
    seen,
    async next(n) {
      await withTimeout((async () => {
        while (seen[n].length <= read[n]) await new Promise((r) => waiters.push(r));
      })(), 10000, n);
      return seen[n][read[n]++];
    },
  };
}

const connect = (token) => client.connect(srv.url, token);

test(`[${backend}] send_tip pays, acks, and the room hears tip_received and the TIP chat line`, async () => {
  const streamer = await register(srv.url);
  const viewer = await register(srv.url);
  const other = await register(srv.url);
  const streamId = await liveStream(srv, streamer);
  await deposit(srv, viewer.user.id, 10_000);
  await deposit(srv, other.user.id, 1_000);

  const tipper = await connect(viewer.token);
  const watcher = await connect(null);  // anonymous viewers hear tips too
  const sockets = [tipper, watcher];
  try {
    const rec = recorder(watcher, ['tip_received', 'chat_message']);
    const mine = recorder(tipper, ['tip_sent']);
    for (const s of sockets) assert.equal((await emitAck(s, 'join_stream', { stream_id: streamId })).ok, true);

    const body = { stream_id: streamId, amount_cents: 333, message: 'gm', idempotency_key: key('sock') };
    const ack = await emitAck(tipper, 'send_tip', body);
    assert.equal(ack.ok, true, JSON.stringify(ack));
    assert.deepEqual([ack.tip.amount_cents, ack.tip.fee_cents, ack.tip.streamer_credit_cents, ack.tip.stream_id], [333, 16, 317, streamId]);
    assert.equal((await mine.next('tip_sent')).tip_id, ack.tip.tip_id);
    const heard = await rec.next('tip_received');
    assert.deepEqual(
      { tip_id: heard.tip_id, from_user: heard.from_user, username: heard.username, amount_cents: heard.amount_cents, message: heard.message },
      { tip_id: ack.tip.tip_id, from_user: viewer.user.id, username: viewer.user.username, amount_cents: 333, message: 'gm' });
    const line = await rec.next('chat_message');
    assert.deepEqual([line.message_type, line.tip_amount_cents, line.message, line.user_id], ['TIP', 333, 'gm', viewer.user.id]);

    // A retry with the same key: the first tip again, paid once, and no second broadcast.
    const again = await emitAck(tipper, 'send_tip', body);
    assert.equal(again.ok, true);
    assert.equal(again.tip.tip_id, ack.tip.tip_id);
    // A tip paid over REST is announced to the room as well.
    const rest = await tip(srv, other.token, streamId, { amount_cents: 50, idempotency_key: key('rest') });
    assert.equal(rest.status, 201, rest.text);
    assert.equal((await rec.next('tip_received')).tip_id, rest.body.tip.tip_id);  // not the replay
    assert.equal(await balance(srv, viewer.token), 10_000 - 333);

    // Refusals come back in the ack and change nothing.
    const bad = [
      [{ ...body, amount_cents: 1.5, idempotency_key: key() }, 'invalid_amount'],
      [{ ...body, amount_cents: '5', idempotency_key: key() }, 'invalid_amount'],
      [{ ...body, amount_cents: -5, idempotency_key: key() }, 'invalid_amount'],
      [{ ...body, amount_cents: 1_000_000, idempotency_key: key() }, 'insufficient_funds'],
      [{ ...body, amount_cents: 334 }, 'idempotency_key_reused'],
      [{ ...body, idempotency_key: undefined }, 'missing_field'],
      [{ ...body, message: 'x'.repeat(201), idempotency_key: key() }, 'message_too_long'],
      [{ ...body, stream_id: '00000000-0000-4000-8000-000000000000', idempotency_key: key() }, 'stream_not_found'],
    ];
    for (const [b, code] of bad) {
      const r = await emitAck(tipper, 'send_tip', b);
      assert.equal(r.ok, false, JSON.stringify(b));
      assert.equal(r.error.code, code, JSON.stringify(r));
    }
    const anon = await emitAck(watcher, 'send_tip', { ...body, idempotency_key: key() });
    assert.deepEqual([anon.ok, anon.error.code], [false, 'not_authenticated']);
    assert.equal(await balance(srv, viewer.token), 10_000 - 333);

    // A later joiner finds the TIP lines in recent_messages.
    const late = await connect(null);
    sockets.push(late);
    const joined = new Promise((r) => late.once('joined_stream', r));
    await emitAck(late, 'join_stream', { stream_id: streamId });
    const recent = (await withTimeout(joined, 10000, 'joined_stream')).recent_messages;
    assert.deepEqual(recent.filter((m) => m.message_type === 'TIP').map((m) => m.tip_amount_cents), [333, 50]);
    // Stream stats count tips from the ledger.
    const stats = await api(srv.url, 'GET', `/api/v1/streaming/${streamId}/stats`);
    assert.equal(stats.body.stats.total_tips_cents, 383, stats.text);
    verifyLedger(srv);
  } finally {
    for (const s of sockets) s.close();
  }
});

test(`[${backend}] chat lines carry the sender's subscriber tier as the badge`, async () => {
  const streamer = await register(srv.url);
  const fan = await register(srv.url);
  const follower = await register(srv.url);
  const streamId = await liveStream(srv, streamer);
  await api(srv.url, 'PUT', `/api/v1/channels/${streamer.user.id}/prices`, { token: streamer.token, body: { basic_cents: 100 } });
  await deposit(srv, fan.user.id, 100);
  assert.equal((await api(srv.url, 'POST', `/api/v1/channels/${streamer.user.id}/subscription`, { token: fan.token, body: { tier: 'BASIC' } })).status, 201);
  assert.equal((await api(srv.url, 'POST', `/api/v1/channels/${streamer.user.id}/subscription`, { token: follower.token, body: { tier: 'FREE' } })).status, 201);
  const sockets = [await connect(null), await connect(fan.token), await connect(follower.token), await connect(streamer.token)];
  try {
    const [watcher, ...speakers] = sockets;
    const rec = recorder(watcher, ['chat_message']);
    for (const s of sockets) assert.equal((await emitAck(s, 'join_stream', { stream_id: streamId })).ok, true);
    const badges = [];
    for (const s of speakers) {
      const r = await emitAck(s, 'send_message', { stream_id: streamId, message: 'hello' });
      assert.equal(r.ok, true, JSON.stringify(r));
      badges.push((await rec.next('chat_message')).badge);
    }
    assert.deepEqual(badges, ['BASIC', 'FREE', 'streamer']);
  } finally {
    for (const s of sockets) s.close();
  }
});
