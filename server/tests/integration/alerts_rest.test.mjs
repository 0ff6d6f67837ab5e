// Trade alerts over REST (issue 13) against the real binary: posting, every bad input of the issue
// (each answered with its code and changing nothing), idempotent retries, the lifecycle with P&L,
// updates after close refused, foreign alerts and non-streamers refused, the FREE tier's reads (list,
// log, track record, chat history) holding an alert back until its release, and the log verifying.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, register, backend } from './harness.mjs';
import { sleep } from './it_helpers.mjs';
import { alertChannel, chainBreaks, fullLog, key, longAapl, postAlert, updateAlert, DISCLAIMER } from './alerts_helpers.mjs';

let srv;
before(async () => {
  srv = await startServer({ args: ['--auth-rate-limit', '0', '--rest-rate-limit-ip', '0', '--rest-rate-limit-token', '0'] });
});
after(async () => { await srv.stop(); srv.cleanup(); });

const it = (name, fn) => test(`[${backend}] ${name}`, { timeout: 60_000 }, fn);

it('the streamer posts an alert: normalised, chained, with its disclosures and an ALERT chat line', async () => {
  const { streamer, streamId } = await alertChannel(srv.url);
  const r = await postAlert(srv.url, streamer.token, streamId, longAapl());
  assert.equal(r.status, 201, r.text);
  const a = r.body.alert;
  assert.equal(a.symbol, 'AAPL');
  assert.equal(a.entry, '189.5');
  assert.deepEqual(a.targets, ['195', '200']);
  assert.equal(a.stop, '185');
  assert.equal(a.status, 'open');
  assert.equal(a.seq, 1);
  assert.match(a.hash, /^[0-9a-f]{64}$/);
  assert.equal(a.stream_id, streamId);
  assert.equal(a.streamer_id, streamer.user.id);
  assert.equal(a.pnl, null);
  assert.deepEqual(a.disclosures, { holds_position: true, paid_promotion: false, disclaimer: DISCLAIMER });
  assert.equal(a.media_time_ms, null);  // nothing published on this stream
  const chat = await api(srv.url, 'GET', `/api/v1/streaming/${streamId}/messages`, { token: streamer.token });
  const line = chat.body.messages.find((m) => m.message_type === 'ALERT');
  assert.ok(line, chat.text);
  assert.equal(line.alert_id, a.alert_id);
  assert.equal(line.message, 'LONG AAPL @ 189.5 stop 185 \u2192 195 / 200');
  const zone = await postAlert(srv.url, streamer.token, streamId,
    longAapl({ side: 'short', entry: { low: '5850.00', high: '5852.25' }, stop: '5860', targets: ['5800'], symbol: 'ES1!' }));
  assert.equal(zone.status, 201, zone.text);
  assert.deepEqual(zone.body.alert.entry, { low: '5850', high: '5852.25' });
  const log = await fullLog(srv.url, streamer.user.id, streamer.token);
  assert.equal(log.length, 2);
  assert.deepEqual(chainBreaks(log), []);
});

it('every bad input of the issue gets its code and changes nothing', async () => {
  const { streamer, streamId } = await alertChannel(srv.url);
  const viewer = await register(srv.url);
  const other = await alertChannel(srv.url);
  const cases = [
    [400, 'price_not_string', { entry: 189.5 }],
    [400, 'price_not_string', { stop: 185 }],
    [400, 'price_not_string', { targets: ['195', 200] }],
    [400, 'price_not_string', { entry: { low: 189, high: '190' } }],
    [400, 'too_many_decimals', { entry: '189.12345678901' }],
    [400, 'too_many_digits', { entry: '1234567890123' }],
    [400, 'price_not_positive', { stop: '-5' }],
    [400, 'price_not_positive', { entry: '0' }],
    [400, 'invalid_price', { entry: '1e3' }],
    [400, 'invalid_stop', { stop: '190' }],
    [400, 'invalid_target', { targets: ['180'] }],
    [400, 'too_many_targets', { targets: ['191', '192', '193', '194', '195', '196'] }],
    [400, 'invalid_side', { side: 'buy' }],
    [400, 'invalid_timeframe', { timeframe: 'weekly' }],
    [400, 'invalid_symbol', { symbol: 'AA PL' }],
    [400, 'invalid_symbol', { symbol: 'A'.repeat(21) }],
    [400, 'invalid_size_pct', { size_pct: 0 }],
    [400, 'note_too_long', { note: 'n'.repeat(501) }],
    [400, 'missing_field', { holds_position: undefined }],
    [400, 'invalid_field', { paid_promotion: 'no' }],
  ];
  for (const [status, code, over] of cases) {
    const r = await postAlert(srv.url, streamer.token, streamId, longAapl(over));
    assert.equal(r.status, status, `${JSON.stringify(over)}: ${r.text}`);
    assert.equal(r.body.error.code, code, JSON.stringify(over));
  }
  // Someone else's stream, a viewer posting, no token.
  let r = await postAlert(srv.url, streamer.token, other.streamId, longAapl());
  assert.equal(r.status, 403);
  assert.equal(r.body.error.code, 'not_streamer');
  r = await postAlert(srv.url, viewer.token, streamId, longAapl());
  assert.equal(r.status, 403);
  assert.equal(r.body.error.code, 'not_streamer');
  r = await postAlert(srv.url, null, streamId, longAapl());
  assert.equal(r.status, 401);
  // A channel without a disclaimer.
  const bare = await register(srv.url);
  const bareStream = await api(srv.url, 'POST', '/api/v1/streaming/create', { token: bare.token, body: { title: 'x' } });
  r = await postAlert(srv.url, bare.token, bareStream.body.stream.stream_id, longAapl());
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'disclaimer_required');
  // An ENDED stream.
  assert.equal((await api(srv.url, 'POST', `/api/v1/streaming/${streamId}/end`, { token: streamer.token })).status, 200);
  r = await postAlert(srv.url, streamer.token, streamId, longAapl());
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'stream_not_live');

  for (const ch of [streamer, other.streamer, bare]) {
    assert.deepEqual(await fullLog(srv.url, ch.user.id, ch.token), [], 'nothing was written');
    const list = await api(srv.url, 'GET', `/api/v1/channels/${ch.user.id}/alerts`, { token: ch.token });
    assert.deepEqual(list.body.alerts, []);
  }
  const chat = await api(srv.url, 'GET', `/api/v1/streaming/${streamId}/messages`, { token: streamer.token });
  assert.equal(chat.body.messages.filter((m) => m.message_type === 'ALERT').length, 0);
});

it('a retry with the same idempotency_key returns the first alert; a reused key with another body is 409', async () => {
  const { streamer, streamId } = await alertChannel(srv.url);
  const body = longAapl();
  const first = await postAlert(srv.url, streamer.token, streamId, body);
  assert.equal(first.status, 201);
  const again = await postAlert(srv.url, streamer.token, streamId, body);
  assert.equal(again.status, 201);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal(again.body.alert.alert_id, first.body.alert.alert_id);
  assert.equal(again.body.alert.posted_at, first.body.alert.posted_at);
  const reused = await postAlert(srv.url, streamer.token, streamId, { ...body, stop: '184' });
  assert.equal(reused.status, 409);
  assert.equal(reused.body.error.code, 'idempotency_key_reused');
  const upd = { kind: 'filled', price: '189.6', idempotency_key: key('fill') };
  const f1 = await updateAlert(srv.url, streamer.token, first.body.alert.alert_id, upd);
  const f2 = await updateAlert(srv.url, streamer.token, first.body.alert.alert_id, upd);
  assert.equal(f1.status, 201, f1.text);
  assert.equal(f2.body.update.seq, f1.body.update.seq);
  assert.equal((await fullLog(srv.url, streamer.user.id, streamer.token)).length, 2);
  const chat = await api(srv.url, 'GET', `/api/v1/streaming/${streamId}/messages`, { token: streamer.token });
  assert.equal(chat.body.messages.filter((m) => m.message_type === 'ALERT').length, 1);
});

it('the lifecycle: fill, scale out, close with P&L; updates after close are 409; others cannot update', async () => {
  const { streamer, streamId } = await alertChannel(srv.url);
  const other = await alertChannel(srv.url);
  const viewer = await register(srv.url);
  const a = (await postAlert(srv.url, streamer.token, streamId, longAapl({ entry: '100', stop: '95', targets: ['110'] }))).body.alert;
  let r = await updateAlert(srv.url, streamer.token, a.alert_id, { kind: 'close', price: '101' });
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'not_filled');
  r = await updateAlert(srv.url, streamer.token, a.alert_id, { kind: 'fill', price: '101' });
  assert.equal(r.body.error.code, 'invalid_kind');
  r = await updateAlert(srv.url, streamer.token, a.alert_id, { kind: 'filled', price: 100 });
  assert.equal(r.body.error.code, 'price_not_string');
  r = await updateAlert(srv.url, streamer.token, a.alert_id, { kind: 'filled', price: '100' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.alert.status, 'active');
  assert.equal(r.body.update.kind, 'filled');
  r = await updateAlert(srv.url, streamer.token, a.alert_id, { kind: 'scale_out', price: '105', share_pct: 50 });
  assert.equal(r.status, 201, r.text);
  r = await updateAlert(srv.url, streamer.token, a.alert_id, { kind: 'move_stop', price: '100', note: 'breakeven' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.alert.stop, '100');
  r = await updateAlert(srv.url, streamer.token, a.alert_id, { kind: 'close', price: '110' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.alert.status, 'closed');
  assert.deepEqual(r.body.alert.pnl, { return_pct: '7.5', r_multiple: '1.5' });  // 0.5·5 + 0.5·10 on 100; / 5
  for (const kind of ['filled', 'close', 'move_stop', 'add_target', 'retract']) {
    r = await updateAlert(srv.url, streamer.token, a.alert_id, kind === 'retract' ? { kind } : { kind, price: '111' });
    assert.equal(r.status, 409, kind);
    assert.equal(r.body.error.code, 'alert_closed');
  }
  // A foreign alert id: another streamer's alert, a viewer, an unknown id.
  r = await updateAlert(srv.url, other.streamer.token, a.alert_id, { kind: 'retract' });
  assert.equal(r.status, 403);
  assert.equal(r.body.error.code, 'not_streamer');
  r = await updateAlert(srv.url, viewer.token, a.alert_id, { kind: 'retract' });
  assert.equal(r.status, 403);
  r = await updateAlert(srv.url, streamer.token, '00000000-0000-4000-8000-000000000000', { kind: 'retract' });
  assert.equal(r.status, 404);
  assert.equal(r.body.error.code, 'alert_not_found');
  const log = await fullLog(srv.url, streamer.user.id, streamer.token);
  assert.deepEqual(log.map((e) => e.kind), ['post', 'filled', 'scale_out', 'move_stop', 'close']);
  assert.deepEqual(chainBreaks(log), []);
  assert.equal(log[3].note, 'breakeven');
  const record = (await api(srv.url, 'GET', `/api/v1/channels/${streamer.user.id}/track-record`)).body.track_record;
  assert.equal(record.closed, 1);
  assert.equal(record.total_r, '1.5');
  assert.equal(record.win_rate, '100');
  assert.equal(record.equity_curve.length, 1);
  assert.equal(record.by_symbol[0].symbol, 'AAPL');
  // A retract before any fill keeps the alert in the record, marked.
  const b = (await postAlert(srv.url, streamer.token, streamId, longAapl())).body.alert;
  r = await updateAlert(srv.url, streamer.token, b.alert_id, { kind: 'retract', note: 'changed my mind' });
  assert.equal(r.body.alert.status, 'retracted');
  const list = await api(srv.url, 'GET', `/api/v1/channels/${streamer.user.id}/alerts?status=retracted`);
  assert.deepEqual(list.body.alerts.map((x) => x.alert_id), [b.alert_id]);
});

it('a FREE viewer sees nothing of an alert before its release: list, log, track record, chat history', async () => {
  const { streamer, streamId } = await alertChannel(srv.url, { freeDelay: 2 });
  const follower = await register(srv.url);
  assert.equal((await api(srv.url, 'POST', `/api/v1/channels/${streamer.user.id}/subscription`, { token: follower.token, body: { tier: 'FREE' } })).status < 300, true);
  const posted = await postAlert(srv.url, streamer.token, streamId, longAapl());
  assert.equal(posted.status, 201);
  const id = posted.body.alert.alert_id;
  const sid = streamer.user.id;
  const views = async (token) => ({
    alerts: (await api(srv.url, 'GET', `/api/v1/channels/${sid}/alerts`, { token })).body.alerts.map((a) => a.alert_id),
    log: (await api(srv.url, 'GET', `/api/v1/channels/${sid}/alerts/log`, { token })).body.events.length,
    record: (await api(srv.url, 'GET', `/api/v1/channels/${sid}/track-record`, { token })).body.track_record.alerts,
    chat: (await api(srv.url, 'GET', `/api/v1/streaming/${streamId}/messages`, { token })).body.messages.filter((m) => m.message_type === 'ALERT').length,
  });
  const hidden = { alerts: [], log: 0, record: 0, chat: 0 };
  assert.deepEqual(await views(null), hidden, 'anonymous');
  assert.deepEqual(await views(follower.token), hidden, 'a follower (FREE)');
  assert.deepEqual(await views(streamer.token), { alerts: [id], log: 1, record: 1, chat: 1 }, 'the streamer');
  await sleep(2300);
  const shown = { alerts: [id], log: 1, record: 1, chat: 1 };
  assert.deepEqual(await views(null), shown);
  const a = (await api(srv.url, 'GET', `/api/v1/channels/${sid}/alerts`)).body;
  assert.equal(a.tier, 'FREE');
  assert.equal(a.alerts[0].released_at, a.alerts[0].posted_at + 2000);
  assert.deepEqual(a.alerts[0].release_delays, { PREMIUM: 0, BASIC: 0, FREE: 2 });
  // An update follows the same delay: the fill shows to FREE 2 s after it was made.
  assert.equal((await updateAlert(srv.url, streamer.token, id, { kind: 'filled', price: '189.5' })).status, 201);
  assert.equal((await api(srv.url, 'GET', `/api/v1/channels/${sid}/alerts`)).body.alerts[0].status, 'open');
  assert.equal((await api(srv.url, 'GET', `/api/v1/channels/${sid}/alerts/log`)).body.events.length, 1);
  await sleep(2300);
  assert.equal((await api(srv.url, 'GET', `/api/v1/channels/${sid}/alerts`)).body.alerts[0].status, 'active');
  const log = await fullLog(srv.url, sid, null);
  assert.equal(log.length, 2);
  assert.deepEqual(chainBreaks(log), []);
});

it('settings: defaults, validation, public view; lists page with next_cursor and filter', async () => {
  const u = await register(srv.url);
  let r = await api(srv.url, 'GET', '/api/v1/channels/me/alert-settings', { token: u.token });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.settings.release_delays, { PREMIUM: 0, BASIC: 0, FREE: 60 });
  assert.equal(r.body.settings.disclaimer, null);
  for (const [body, code] of [[{ disclaimer: 'short' }, 'invalid_disclaimer'], [{ release_delays: { FREE: 901 } }, 'invalid_release_delays'],
    [{ release_delays: { GOLD: 1 } }, 'invalid_release_delays'], [{ release_delays: { FREE: '5' } }, 'invalid_release_delays'], [{ disclaimer: 12 }, 'invalid_field']]) {
    r = await api(srv.url, 'PUT', '/api/v1/channels/me/alert-settings', { token: u.token, body });
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.error.code, code);
  }
  r = await api(srv.url, 'GET', `/api/v1/channels/${u.user.id}/alert-settings`);
  assert.equal(r.body.settings.disclaimer, null, 'refusals changed nothing');
  assert.equal((await api(srv.url, 'GET', '/api/v1/channels/00000000-0000-4000-8000-000000000000/alert-settings')).status, 404);

  const { streamer, streamId } = await alertChannel(srv.url);
  const ids = [];
  for (let i = 0; i < 5; i++) {
    const p = await postAlert(srv.url, streamer.token, streamId, longAapl({ symbol: i % 2 ? 'TSLA' : 'AAPL' }));
    ids.unshift(p.body.alert.alert_id);
  }
  const seen = [];
  let cursor = null;
  do {
    const q = `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    r = await api(srv.url, 'GET', `/api/v1/channels/${streamer.user.id}/alerts${q}`);
    assert.equal(r.status, 200, r.text);
    seen.push(...r.body.alerts.map((a) => a.alert_id));
    cursor = r.body.next_cursor;
  } while (cursor);
  assert.deepEqual(seen, ids);
  r = await api(srv.url, 'GET', `/api/v1/channels/${streamer.user.id}/alerts?symbol=tsla`);
  assert.equal(r.body.alerts.length, 2);
  r = await api(srv.url, 'GET', `/api/v1/channels/${streamer.user.id}/alerts?status=closed`);
  assert.equal(r.body.alerts.length, 0);
  for (const q of ['status=gone', 'cursor=nope', 'limit=0', 'from=-1']) {
    r = await api(srv.url, 'GET', `/api/v1/channels/${streamer.user.id}/alerts?${q}`);
    assert.equal(r.status, 400, q);
  }
  r = await api(srv.url, 'GET', `/api/v1/channels/${streamer.user.id}/alerts/log?limit=501`);
  assert.equal(r.status, 400);
  r = await api(srv.url, 'GET', `/api/v1/channels/${streamer.user.id}/alerts/log?after_seq=3&limit=1`);
  assert.deepEqual(r.body.events.map((e) => e.seq), [4]);
  assert.equal(r.body.next_seq, 4);
});

it('concurrent posts and updates on one channel keep one gap-free chain that verifies', async () => {
  const { streamer, streamId } = await alertChannel(srv.url);
  const posts = await Promise.all(Array.from({ length: 16 }, () => postAlert(srv.url, streamer.token, streamId, longAapl())));
  for (const p of posts) assert.equal(p.status, 201, p.text);
  const ids = posts.map((p) => p.body.alert.alert_id);
  // The same key from two requests at once: one alert, both answered with it.
  const body = longAapl();
  const twins = await Promise.all([postAlert(srv.url, streamer.token, streamId, body), postAlert(srv.url, streamer.token, streamId, body)]);
  assert.equal(twins[0].body.alert.alert_id, twins[1].body.alert.alert_id);
  const fills = await Promise.all(ids.map((id) => updateAlert(srv.url, streamer.token, id, { kind: 'filled', price: '189.5' })));
  for (const f of fills) assert.equal(f.status, 201, f.text);
  const log = await fullLog(srv.url, streamer.user.id, streamer.token);
  assert.equal(log.length, 16 + 1 + 16);
  assert.deepEqual(log.map((e) => e.seq), Array.from({ length: 33 }, (_, i) => i + 1));
  assert.deepEqual(chainBreaks(log), []);
  const { cli } = await import('./money_helpers.mjs');
  const r = cli(srv, 'alerts', 'verify', '--channel', streamer.user.id);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
