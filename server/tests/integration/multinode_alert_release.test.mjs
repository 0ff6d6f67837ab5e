// Fair release by tier across two nodes over Redis (issue 13): an alert posted on node A reaches a
// PREMIUM subscriber on node B at once and FREE viewers on both nodes at posted_at + 2 s — node B
// schedules from posted_at, not from when the message arrived — and the streamer's audit on either
// node counts both nodes' sockets. Real binaries, real Redis, socket.io-client.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, register, itWith } from './harness.mjs';
import { createStream, sleep, eventually } from './it_helpers.mjs';
import { startPair, connect, join } from './multinode_helpers.mjs';
import { FREE_DELAY_MS, alertChannel, subscribe, postAlert, arrivals } from './alert_release_helpers.mjs';

const REDIS = process.env.TC_IT_REDIS_URL || 'redis://127.0.0.1:6379';
const it = itWith({ timeout: 90_000 });

let pair;
before(async () => { pair = await startPair(REDIS, ['--rest-rate-limit-ip', '0', '--rest-rate-limit-token', '0']); });
after(async () => { if (pair) await pair.stop(); });

it('an alert posted on node A is released at the same tier instants to viewers on node B', async () => {
  const { a, b } = pair;
  const streamer = await alertChannel(a.url);
  const premium = await register(b.url);
  await subscribe(b.url, premium, streamer, 'PREMIUM');
  const sid = (await createStream(a.url, streamer.token, 'two nodes')).stream_id;
  const onB = { premium: await connect(b.url, premium.token), anonymous: await connect(b.url) };
  const onA = { anonymous: await connect(a.url) };
  for (const s of [...Object.values(onB), ...Object.values(onA)]) await join(s, sid);
  const got = { premiumB: arrivals(onB.premium, 'alert'), freeB: arrivals(onB.anonymous, 'alert'),
    freeA: arrivals(onA.anonymous, 'alert') };

  // Node B listens on the release topic once its Redis subscription is live: warm up until an alert
  // reaches it, then measure the next one.
  await eventually(async () => {
    await postAlert(a.url, streamer, sid, '190');
    await sleep(300);
    return got.premiumB.length > 0;
  }, 'node B hears node A\'s alerts');
  await sleep(FREE_DELAY_MS + 500);
  for (const g of Object.values(got)) g.length = 0;

  const alert = await postAlert(a.url, streamer, sid, '191');
  const posted = alert.posted_at;
  await eventually(() => got.premiumB.length === 1, 'PREMIUM on node B');
  assert.ok(got.premiumB[0].at - posted < 1000, `PREMIUM on B at once (+${got.premiumB[0].at - posted} ms)`);
  assert.equal(got.premiumB[0].p.released_at, posted);
  await sleep(Math.max(0, posted + FREE_DELAY_MS - 150 - Date.now()));
  assert.equal(got.freeB.length, 0, 'FREE on node B not early');
  assert.equal(got.freeA.length, 0, 'FREE on node A not early');
  await eventually(() => got.freeB.length === 1 && got.freeA.length === 1, 'FREE on both nodes');
  for (const [name, g] of [['B', got.freeB], ['A', got.freeA]]) {
    const late = g[0].at - posted;
    assert.ok(late >= FREE_DELAY_MS && late < FREE_DELAY_MS + 1000, `FREE on node ${name} at +${late} ms`);
    assert.equal(g[0].p.released_at, posted + FREE_DELAY_MS);
  }
  // The two nodes' FREE passes started within a few ms of each other: same instant, not arrival-based.
  assert.ok(Math.abs(got.freeA[0].at - got.freeB[0].at) < 500);

  // The audit, on either node, holds both nodes' passes.
  const path = `/api/v1/alerts/${alert.alert_id}/delivery`;
  for (const srv of [a, b]) {
    const free = await eventually(async () => {
      const d = await api(srv.url, 'GET', path, { token: streamer.token });
      assert.equal(d.status, 200, d.text);
      const t = d.body.delivery.events[0].tiers.find((x) => x.tier === 'FREE');
      return t.sockets === 2 && t.nodes.length === 2 ? t : null;
    }, `node ${srv.url}: FREE counted on both nodes`);
    assert.ok(free.released_at >= posted + FREE_DELAY_MS);
    assert.ok(free.spread_ms >= 0 && free.spread_ms < 1000, JSON.stringify(free));
    const prem = (await api(srv.url, 'GET', path, { token: streamer.token })).body.delivery.events[0].tiers
      .find((x) => x.tier === 'PREMIUM');
    assert.equal(prem.sockets, 1, 'the PREMIUM subscriber on node B');
  }
  const refused = await api(b.url, 'GET', path, { token: premium.token });
  assert.equal(refused.status, 403, refused.text);
});
