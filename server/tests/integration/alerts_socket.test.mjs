// Trade alerts over Socket.IO (/streaming, issue 13) with the real socket.io-client: post_alert and
// update_alert with their acks, the room hearing `alert`, `alert_updated` and the ALERT chat line —
// also for alerts posted over REST — and bad input answered in the ack, changing nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, register, backend } from './harness.mjs';
import { streamingClient, waitForEvent } from './it_helpers.mjs';
import { alertChannel, chainBreaks, fullLog, key, longAapl, postAlert } from './alerts_helpers.mjs';

let srv;
before(async () => {
  srv = await startServer({ args: ['--auth-rate-limit', '0', '--rest-rate-limit-ip', '0', '--rest-rate-limit-token', '0'] });
});
const client = streamingClient({ connectMs: 10000, ackMs: 10000 });
after(async () => {
  for (const s of client.sockets) s.disconnect();
  await srv.stop();
  srv.cleanup();
});

const it = (name, fn) => test(`[${backend}] ${name}`, { timeout: 60_000 }, fn);

async function room(streamId, tokens) {
  const sockets = [];
  for (const t of tokens) {
    const s = await client.connect(srv.url, t);
    assert.equal((await client.ack(s, 'join_stream', { stream_id: streamId })).ok, true);
    sockets.push(s);
  }
  return sockets;
}

it('post_alert acks the alert and the room hears it with its ALERT chat line; update_alert follows', async () => {
  const { streamer, streamId } = await alertChannel(srv.url);
  const [mine, viewer] = await room(streamId, [streamer.token, null]);
  const heard = waitForEvent(viewer, 'alert');
  const line = waitForEvent(viewer, 'chat_message', (m) => m.message_type === 'ALERT');
  const ack = await client.ack(mine, 'post_alert', { stream_id: streamId, ...longAapl() });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  assert.equal(ack.alert.symbol, 'AAPL');
  assert.equal(ack.alert.entry, '189.5');
  const alert = await heard;
  assert.equal(alert.alert_id, ack.alert.alert_id);
  assert.equal(alert.hash, ack.alert.hash);
  assert.equal(alert.disclosures.paid_promotion, false);
  const chat = await line;
  assert.equal(chat.alert_id, alert.alert_id);
  assert.match(chat.message, /^LONG AAPL @ 189\.5 stop 185/);

  const updated = waitForEvent(viewer, 'alert_updated');
  const up = await client.ack(mine, 'update_alert', { alert_id: alert.alert_id, kind: 'filled', price: '189.40', idempotency_key: key('f') });
  assert.equal(up.ok, true, JSON.stringify(up));
  assert.equal(up.alert.status, 'active');
  assert.equal(up.alert.fill_price, '189.4');
  const u = await updated;
  assert.equal(u.alert.status, 'active');
  assert.equal(u.update.kind, 'filled');
  assert.equal(u.update.price, '189.4');
  assert.equal(u.update.seq, 2);
  const closed = await client.ack(mine, 'update_alert', { alert_id: alert.alert_id, kind: 'close', price: '195', idempotency_key: key('c') });
  assert.equal(closed.alert.status, 'closed');
  assert.ok(closed.alert.pnl);
  const late = await client.ack(mine, 'update_alert', { alert_id: alert.alert_id, kind: 'move_stop', price: '190', idempotency_key: key('m') });
  assert.equal(late.ok, false);
  assert.equal(late.error.code, 'alert_closed');
  assert.deepEqual(chainBreaks(await fullLog(srv.url, streamer.user.id, null)), []);
});

it('an alert posted over REST reaches the room over the socket too', async () => {
  const { streamer, streamId } = await alertChannel(srv.url);
  const [viewer] = await room(streamId, [null]);
  const heard = waitForEvent(viewer, 'alert');
  const r = await postAlert(srv.url, streamer.token, streamId, longAapl({ symbol: 'BTC-USD', entry: '0.00001234', stop: '0.00001', targets: [] }));
  assert.equal(r.status, 201, r.text);
  const alert = await heard;
  assert.equal(alert.alert_id, r.body.alert.alert_id);
  assert.equal(alert.entry, '0.00001234');
});

it('joined_stream holds back an ALERT line from a FREE joiner until its release', async () => {
  const { streamer, streamId } = await alertChannel(srv.url, { freeDelay: 2 });
  const posted = await postAlert(srv.url, streamer.token, streamId, longAapl());
  assert.equal(posted.status, 201);
  const alertLines = async (token) => {
    const s = await client.connect(srv.url, token);
    const joined = waitForEvent(s, 'joined_stream');
    assert.equal((await client.ack(s, 'join_stream', { stream_id: streamId })).ok, true);
    const payload = await joined;
    s.disconnect();
    return payload.recent_messages.filter((m) => m.message_type === 'ALERT').map((m) => m.alert_id);
  };
  assert.deepEqual(await alertLines(null), [], 'anonymous, before the FREE release');
  assert.deepEqual(await alertLines(streamer.token), [posted.body.alert.alert_id], 'the streamer, at once');
  await new Promise((r) => setTimeout(r, 2300));
  assert.deepEqual(await alertLines(null), [posted.body.alert.alert_id], 'anonymous, after it');
});

it('bad input over the socket is answered in the ack and changes nothing', async () => {
  const { streamer, streamId } = await alertChannel(srv.url);
  const other = await register(srv.url);
  const [mine, theirs, anon] = await room(streamId, [streamer.token, other.token, null]);
  const cases = [
    [mine, { stream_id: streamId, ...longAapl({ entry: 189.5 }) }, 'price_not_string'],
    [mine, { stream_id: streamId, ...longAapl({ stop: '190' }) }, 'invalid_stop'],
    [mine, { stream_id: streamId, ...longAapl({ targets: ['191', '192', '193', '194', '195', '196'] }) }, 'too_many_targets'],
    [mine, { stream_id: streamId, ...longAapl({ symbol: 'A B' }) }, 'invalid_symbol'],
    [mine, { ...longAapl() }, 'invalid_stream_id'],
    [mine, 'not an object', 'invalid_payload'],
    [theirs, { stream_id: streamId, ...longAapl() }, 'not_streamer'],
    [anon, { stream_id: streamId, ...longAapl() }, 'not_authenticated'],
  ];
  for (const [socket, payload, code] of cases) {
    const ack = await client.ack(socket, 'post_alert', payload);
    assert.equal(ack.ok, false, JSON.stringify(payload));
    assert.equal(ack.error.code, code, JSON.stringify(ack));
  }
  const posted = await client.ack(mine, 'post_alert', { stream_id: streamId, ...longAapl() });
  assert.equal(posted.ok, true);
  const id = posted.alert.alert_id;
  for (const [socket, payload, code] of [
    [mine, { alert_id: id, kind: 'sell', price: '1', idempotency_key: key() }, 'invalid_kind'],
    [mine, { alert_id: id, kind: 'filled', price: 189, idempotency_key: key() }, 'price_not_string'],
    [theirs, { alert_id: id, kind: 'retract', idempotency_key: key() }, 'not_streamer'],
    [mine, { alert_id: '00000000-0000-4000-8000-000000000000', kind: 'retract', idempotency_key: key() }, 'alert_not_found'],
  ]) {
    const ack = await client.ack(socket, 'update_alert', payload);
    assert.equal(ack.ok, false);
    assert.equal(ack.error.code, code, JSON.stringify(ack));
  }
  const log = await fullLog(srv.url, streamer.user.id, streamer.token);
  assert.deepEqual(log.map((e) => e.kind), ['post']);
});

it('tradecast alerts verify: every chain verifies; a tampered entry is reported and exits 1', async () => {
  const { streamer, streamId } = await alertChannel(srv.url);
  const a = await postAlert(srv.url, streamer.token, streamId, longAapl());
  await api(srv.url, 'POST', `/api/v1/alerts/${a.body.alert.alert_id}/updates`, { token: streamer.token, body: { kind: 'retract', idempotency_key: key() } });
  const { cli, rawSql } = await import('./money_helpers.mjs');
  let r = cli(srv, 'alerts', 'verify');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /OK: every alert log verifies/);
  r = cli(srv, 'alerts', 'verify', '--channel', streamer.user.id);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`channel ${streamer.user.id}: 2 entries`));
  // Only someone with the database could do this: drop the guard, then forge the retraction's note.
  rawSql(srv, 'DROP TRIGGER alert_events_no_update');
  rawSql(srv, `UPDATE alert_events SET body = REPLACE(body, '"kind":"retract"', '"kind":"close"') WHERE streamer_id = '${streamer.user.id}' AND seq = 2`);
  r = cli(srv, 'alerts', 'verify');
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, new RegExp(`channel ${streamer.user.id}: 2 entries: BROKEN`));
  assert.match(r.stdout, /seq 2: /);
  assert.match(r.stdout, /FAILED: 1 channel/);
});
