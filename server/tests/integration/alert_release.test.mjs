// Fair release by tier (issue 13), against the real binary with socket.io-client: with the FREE tier
// 2 s behind, a PREMIUM subscriber and the streamer get an alert at once and FREE viewers (a
// follower, an anonymous socket) at posted_at + 2 s — never before; its update follows the same
// delays; a viewer who subscribes mid-stream counts as PREMIUM from the next alert on without
// rejoining; and GET /api/v1/alerts/:id/delivery tells the streamer (only) per tier when it went
// out, to how many sockets, and the spread of the pass.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, register, itWith } from './harness.mjs';
import { createStream, sleep, stopServer, streamingClient, eventually } from './it_helpers.mjs';
import { OPERATOR_KEY, key } from './money_helpers.mjs';
import { FREE_DELAY_MS, alertChannel, subscribe, postAlert, arrivals } from './alert_release_helpers.mjs';

const it = itWith({ timeout: 60_000 });
const { sockets, connect, ack } = streamingClient({ connectMs: 10000, ackMs: 10000 });

let srv;
before(async () => {
  srv = await startServer({ args: ['--auth-rate-limit', '0', '--operator-key', OPERATOR_KEY, '--media', 'false',
    '--rest-rate-limit-ip', '0', '--rest-rate-limit-token', '0'] });
});
after(async () => {
  for (const s of sockets) s.disconnect();
  await stopServer(srv);
});

it('PREMIUM and the streamer at once, FREE viewers 2 s later and never before; the update follows; the audit', async () => {
  const streamer = await alertChannel(srv.url);
  const premium = await register(srv.url);
  const follower = await register(srv.url);
  await subscribe(srv.url, premium, streamer, 'PREMIUM');
  await subscribe(srv.url, follower, streamer, 'FREE');
  const sid = (await createStream(srv.url, streamer.token, 'alerts by tier')).stream_id;
  const who = { streamer: await connect(srv.url, streamer.token), premium: await connect(srv.url, premium.token),
    follower: await connect(srv.url, follower.token), anonymous: await connect(srv.url) };
  const got = {};
  const updates = {};
  for (const [name, s] of Object.entries(who)) {
    assert.equal((await ack(s, 'join_stream', { stream_id: sid })).ok, true);
    got[name] = arrivals(s, 'alert');
    updates[name] = arrivals(s, 'alert_updated');
  }

  const alert = await postAlert(srv.url, streamer, sid);
  const posted = alert.posted_at;
  await eventually(() => got.premium.length === 1 && got.streamer.length === 1, 'PREMIUM and streamer have it');
  assert.ok(got.premium[0].at - posted < 1000, `PREMIUM at once (${got.premium[0].at - posted} ms)`);
  assert.equal(got.premium[0].p.alert_id, alert.alert_id);
  assert.equal(got.premium[0].p.released_at, posted);
  // Until posted_at + 2 s the FREE viewers have nothing (checked just before the instant).
  await sleep(Math.max(0, posted + FREE_DELAY_MS - 150 - Date.now()));
  assert.equal(got.follower.length, 0, 'a FREE follower never receives it early');
  assert.equal(got.anonymous.length, 0, 'an anonymous viewer never receives it early');
  await eventually(() => got.follower.length === 1 && got.anonymous.length === 1, 'FREE viewers have it');
  for (const name of ['follower', 'anonymous']) {
    const { at, p } = got[name][0];
    assert.ok(at >= posted + FREE_DELAY_MS, `${name} at +${at - posted} ms`);
    assert.ok(at < posted + FREE_DELAY_MS + 1500, `${name} at +${at - posted} ms: on time`);
    assert.equal(p.released_at, posted + FREE_DELAY_MS);
    assert.equal(p.alert_id, alert.alert_id);
  }

  // The update follows the same delays, counted from the update.
  const u = await api(srv.url, 'POST', `/api/v1/alerts/${alert.alert_id}/updates`, {
    token: streamer.token, body: { kind: 'filled', price: '189.4', idempotency_key: key('upd') },
  });
  assert.equal(u.status, 201, u.text);
  const updatedAt = Date.now();
  await eventually(() => updates.premium.length === 1 && updates.streamer.length === 1, 'PREMIUM has the update');
  assert.equal(updates.premium[0].p.update.kind, 'filled');
  assert.ok(updates.premium[0].at - updatedAt < 1000);
  await sleep(1000);
  assert.equal(updates.follower.length, 0, 'the update is not early for FREE either');
  assert.equal(updates.anonymous.length, 0);
  await eventually(() => updates.follower.length === 1 && updates.anonymous.length === 1, 'FREE has the update');
  assert.ok(updates.follower[0].at - updatedAt >= FREE_DELAY_MS - 50, `update at +${updates.follower[0].at - updatedAt} ms`);
  assert.equal(got.follower.length, 1, 'each viewer got the alert once');

  // The audit: the streamer only.
  const path = `/api/v1/alerts/${alert.alert_id}/delivery`;
  assert.equal((await api(srv.url, 'GET', path)).status, 401);
  const refused = await api(srv.url, 'GET', path, { token: premium.token });
  assert.equal(refused.status, 403, refused.text);
  assert.equal(refused.body.error.code, 'forbidden');
  const missing = await api(srv.url, 'GET', '/api/v1/alerts/no-such-alert/delivery', { token: streamer.token });
  assert.equal(missing.status, 404, missing.text);
  assert.equal(missing.body.error.code, 'alert_not_found');
  const d = await api(srv.url, 'GET', path, { token: streamer.token });
  assert.equal(d.status, 200, d.text);
  const [post, update] = d.body.delivery.events;
  assert.equal(post.event, 'alert');
  assert.equal(update.event, 'alert_updated');
  const tier = (e, t) => e.tiers.find((x) => x.tier === t);
  assert.equal(tier(post, 'PREMIUM').sockets, 1);
  assert.equal(tier(post, 'BASIC').sockets, 0);
  assert.equal(tier(post, 'FREE').sockets, 2, 'the follower and the anonymous socket, in one pass');
  assert.equal(tier(post, 'FREE').release_at, posted + FREE_DELAY_MS);
  for (const e of [post, update]) {
    for (const t of e.tiers) {
      assert.equal(t.released, true, JSON.stringify(t));
      assert.ok(t.released_at >= t.release_at, `${t.tier} released at ${t.released_at}, due ${t.release_at}`);
      assert.ok(t.released_at - t.release_at < 1000, `${t.tier} on time`);
      assert.ok(t.spread_ms >= 0 && t.spread_ms < 1000, JSON.stringify(t));
      assert.equal(t.nodes.length, 1);
    }
  }
  assert.equal(tier(update, 'FREE').sockets, 2);
});

it('a viewer who subscribes mid-stream gets the next alert as PREMIUM, without rejoining', async () => {
  const streamer = await alertChannel(srv.url);
  const fan = await register(srv.url);
  const sid = (await createStream(srv.url, streamer.token, 'upgrade')).stream_id;
  const s = await connect(srv.url, fan.token);
  assert.equal((await ack(s, 'join_stream', { stream_id: sid })).ok, true);
  const got = arrivals(s, 'alert');

  const first = await postAlert(srv.url, streamer, sid, '190');
  await eventually(() => got.length === 1, 'the first alert, as FREE');
  assert.ok(got[0].at >= first.posted_at + FREE_DELAY_MS, 'FREE before subscribing');

  await subscribe(srv.url, fan, streamer, 'PREMIUM');
  await sleep(2200);  // the channel's tiers are re-read when older than 2 s (TierRelease::kTierFreshMs)
  const second = await postAlert(srv.url, streamer, sid, '191');
  await eventually(() => got.length === 2, 'the second alert');
  assert.ok(got[1].at - second.posted_at < 1000, `PREMIUM now (${got[1].at - second.posted_at} ms)`);
  assert.equal(got[1].p.released_at, second.posted_at);
});
