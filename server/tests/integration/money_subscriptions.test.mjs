// Channel prices and subscriptions against the real binary: follow, subscribe, upgrade, downgrade,
// cancel, counts, and renewal/expiry by the server's scheduler (with a 2 s period so the test can
// watch it happen). The same rules are unit-tested with an injected clock in
// tests/unit/domain/subscription_service_test.cpp.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, register, backend } from './harness.mjs';
import { eventually } from './waits.mjs';
import { OPERATOR_KEY, deposit, balance, verifyLedger } from './money_helpers.mjs';

let srv;
before(async () => {
  srv = await startServer({ args: ['--auth-rate-limit', '0', '--operator-key', OPERATOR_KEY] });
});
after(async () => { await srv.stop(); srv.cleanup(); });

const err = (r, status, code) => {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body?.error?.code, code, r.text);
};
const sub = (s, token, streamerId, tier) => api(s.url, 'POST', `/api/v1/channels/${streamerId}/subscription`, { token, body: { tier } });

test(`[${backend}] prices, follow, subscribe, upgrade, downgrade, cancel and counts`, async () => {
  const streamer = await register(srv.url);
  const fan = await register(srv.url);
  const sid = streamer.user.id;
  err(await api(srv.url, 'PUT', `/api/v1/channels/${sid}/prices`, { token: fan.token, body: { basic_cents: 100 } }), 403, 'forbidden');
  err(await api(srv.url, 'PUT', `/api/v1/channels/${sid}/prices`, { token: streamer.token, body: { basic_cents: 0 } }), 400, 'invalid_price');
  err(await api(srv.url, 'PUT', `/api/v1/channels/${sid}/prices`, { token: streamer.token, body: { basic_cents: 2.5 } }), 400, 'invalid_price');
  err(await sub(srv, fan.token, sid, 'BASIC'), 409, 'tier_not_offered');
  const prices = await api(srv.url, 'PUT', `/api/v1/channels/${sid}/prices`, { token: streamer.token, body: { basic_cents: 499, premium_cents: 999 } });
  assert.equal(prices.status, 200, prices.text);

  err(await sub(srv, fan.token, sid, 'GOLD'), 400, 'invalid_tier');
  err(await sub(srv, streamer.token, sid, 'FREE'), 400, 'cannot_subscribe_self');
  err(await sub(srv, fan.token, '00000000-0000-4000-8000-000000000000', 'FREE'), 404, 'user_not_found');

  const follow = await sub(srv, fan.token, sid, 'FREE');
  assert.equal(follow.status, 201, follow.text);
  assert.deepEqual([follow.body.subscription.tier, follow.body.charged_cents, follow.body.subscription.expires_at], ['FREE', 0, null]);
  err(await sub(srv, fan.token, sid, 'BASIC'), 409, 'insufficient_funds');
  await deposit(srv, fan.user.id, 2000);
  const basic = await sub(srv, fan.token, sid, 'BASIC');
  assert.equal(basic.status, 200, basic.text);
  assert.equal(basic.body.charged_cents, 499);
  assert.ok(basic.body.subscription.expires_at > Date.now() + 29 * 86400_000);
  assert.equal(await balance(srv, fan.token), 1501);
  // floor(499 × 5%) = 24 fee, 475 to the streamer.
  assert.equal(await balance(srv, streamer.token), 475);
  // Subscribing again to the same tier charges nothing.
  assert.equal((await sub(srv, fan.token, sid, 'BASIC')).body.charged_cents, 0);
  // Upgrade: the difference now, same period end.
  const premium = await sub(srv, fan.token, sid, 'PREMIUM');
  assert.deepEqual([premium.body.subscription.tier, premium.body.charged_cents], ['PREMIUM', 500]);
  assert.equal(premium.body.subscription.expires_at, basic.body.subscription.expires_at);
  assert.equal(await balance(srv, fan.token), 1001);
  // Downgrade: no refund, pending until the period ends.
  const down = await sub(srv, fan.token, sid, 'BASIC');
  assert.deepEqual([down.body.subscription.tier, down.body.subscription.pending_tier, down.body.charged_cents], ['PREMIUM', 'BASIC', 0]);
  let ch = await api(srv.url, 'GET', `/api/v1/channels/${sid}`);
  assert.deepEqual(ch.body.channel.subscribers, { FREE: 0, BASIC: 0, PREMIUM: 1, total: 1 });
  assert.deepEqual(ch.body.channel.prices, { BASIC: 499, PREMIUM: 999 });
  // Cancel keeps access until expires_at.
  const cancelled = await api(srv.url, 'DELETE', `/api/v1/channels/${sid}/subscription`, { token: fan.token });
  assert.equal(cancelled.body.subscription.status, 'CANCELLED');
  ch = await api(srv.url, 'GET', `/api/v1/channels/${sid}`);
  assert.equal(ch.body.channel.subscribers.PREMIUM, 1);
  const mine = await api(srv.url, 'GET', '/api/v1/subscriptions', { token: fan.token });
  assert.equal(mine.body.subscriptions.length, 1);
  assert.equal(mine.body.subscriptions[0].streamer_username, streamer.user.username);
  // Resuming before the end costs nothing.
  const resumed = await sub(srv, fan.token, sid, 'PREMIUM');
  assert.deepEqual([resumed.body.subscription.status, resumed.body.charged_cents], ['ACTIVE', 0]);
  assert.equal(await balance(srv, fan.token), 1001);
  // A follow is removed by DELETE.
  const other = await register(srv.url);
  await sub(srv, other.token, sid, 'FREE');
  assert.equal((await api(srv.url, 'GET', `/api/v1/channels/${sid}`)).body.channel.subscribers.FREE, 1);
  assert.equal((await api(srv.url, 'DELETE', `/api/v1/channels/${sid}/subscription`, { token: other.token })).body.subscription, null);
  err(await api(srv.url, 'DELETE', `/api/v1/channels/${sid}/subscription`, { token: other.token }), 404, 'subscription_not_found');
  err(await api(srv.url, 'GET', `/api/v1/channels/${sid}/subscription`, { token: other.token }), 404, 'subscription_not_found');
  verifyLedger(srv);
});

test(`[${backend}] the server renews at the period end and expires when the wallet cannot pay`, async () => {
  const s = await startServer({ args: ['--auth-rate-limit', '0', '--operator-key', OPERATOR_KEY, '--subscription-period', '2s', '--renewal-interval', '100ms'] });
  try {
    const streamer = await register(s.url);
    const fan = await register(s.url);
    const sid = streamer.user.id;
    await api(s.url, 'PUT', `/api/v1/channels/${sid}/prices`, { token: streamer.token, body: { basic_cents: 300 } });
    await deposit(s, fan.user.id, 650); // two periods, not three
    const first = await sub(s, fan.token, sid, 'BASIC');
    assert.equal(first.body.charged_cents, 300);
    const get = async () => (await api(s.url, 'GET', `/api/v1/channels/${sid}/subscription`, { token: fan.token })).body.subscription;
    const waitFor = (pred, what) => eventually(get, what, 15000, { interval: 50, accept: pred });
    const renewed = await waitFor((x) => x.expires_at > first.body.subscription.expires_at, 'renewal');
    assert.equal(renewed.status, 'ACTIVE');
    assert.equal(await balance(s, fan.token), 50);
    const expired = await waitFor((x) => x.status === 'EXPIRED', 'expiry');
    assert.equal(expired.tier, 'BASIC');
    assert.equal(await balance(s, fan.token), 50);
    const ch = await api(s.url, 'GET', `/api/v1/channels/${sid}`);
    assert.equal(ch.body.channel.subscribers.total, 0);
    verifyLedger(s);
  } finally { await s.stop(); s.cleanup(); }
});
