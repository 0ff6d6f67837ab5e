// Money bodies that name a currency (issue 12): one currency per deployment (`--currency`, here USD);
// a tip, deposit, payout, subscription or price body naming another one is refused with 400
// unsupported_currency — over REST and the socket's send_tip — and nothing changes: balances, the
// ledger and the idempotency key (usable again afterwards). Naming the server's own currency is fine.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, register, itWith } from './harness.mjs';
import { streamingClient, sleep } from './it_helpers.mjs';
import { OPERATOR_KEY, key, deposit, balance, liveStream, tip, verifyLedger } from './money_helpers.mjs';

let srv;
before(async () => {
  srv = await startServer({ args: ['--auth-rate-limit', '0', '--tip-rate-limit', '0', '--operator-key', OPERATOR_KEY] });
});
after(async () => { await srv.stop(); srv.cleanup(); });

const it = itWith({ timeout: 60_000 });
const { connect, ack } = streamingClient({ connectMs: 10000, ackMs: 10000 });
const refused = (r, code = 'unsupported_currency', status = 400) => {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body.error.code, code, r.text);
  assert.equal(typeof r.body.error.message, 'string');
};
const op = { 'x-operator-key': OPERATOR_KEY };
const transactions = async (token) => (await api(srv.url, 'GET', '/api/v1/wallet/transactions', { token })).body.transactions.length;

it('REST: a tip, deposit or payout in another currency is refused and changes nothing; USD named is accepted', async () => {
  const streamer = await register(srv.url);
  const fan = await register(srv.url);
  await deposit(srv, fan.user.id, 1000);
  const sid = await liveStream(srv, streamer);
  const k = key('tip');
  for (const currency of ['EUR', 'usd', 'US', '', 'USD ']) {
    refused(await tip(srv, fan.token, sid, { amount_cents: 300, currency, idempotency_key: k }));
  }
  refused(await tip(srv, fan.token, sid, { amount_cents: 300, currency: 840, idempotency_key: k }), 'invalid_field');
  refused(await tip(srv, fan.token, sid, { amount: 3, currency: 'EUR', idempotency_key: k }));
  assert.equal(await balance(srv, fan.token), 1000);
  assert.equal(await balance(srv, streamer.token), 0);
  assert.equal((await api(srv.url, 'GET', `/api/v1/streaming/${sid}/tips`)).body.tips_count, 0);
  // The refused key was not stored: the same key pays once, in the server's currency.
  const ok = await tip(srv, fan.token, sid, { amount_cents: 300, currency: 'USD', idempotency_key: k });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.tip.currency, 'USD');
  assert.equal(await balance(srv, fan.token), 700);

  const dk = key('dep');
  refused(await api(srv.url, 'POST', '/api/v1/wallet/deposits', { headers: op, body: { user_id: fan.user.id, amount_cents: 500, currency: 'JPY', idempotency_key: dk } }));
  assert.equal(await balance(srv, fan.token), 700);
  const dep = await api(srv.url, 'POST', '/api/v1/wallet/deposits', { headers: op, body: { user_id: fan.user.id, amount_cents: 500, currency: 'USD', idempotency_key: dk } });
  assert.equal(dep.status, 201, dep.text);
  assert.equal(await balance(srv, fan.token), 1200);

  const before = await transactions(fan.token);
  refused(await api(srv.url, 'POST', '/api/v1/wallet/payouts', { token: fan.token, body: { amount_cents: 100, currency: 'EUR', idempotency_key: key('po') } }));
  assert.equal(await balance(srv, fan.token), 1200);
  assert.equal(await transactions(fan.token), before);
  assert.equal((await api(srv.url, 'GET', '/api/v1/wallet/payouts', { token: fan.token })).body.payouts.length, 0);
  verifyLedger(srv);
});

it('REST: subscriptions and prices naming another currency are refused, nothing charged or set', async () => {
  const streamer = await register(srv.url);
  const fan = await register(srv.url);
  await deposit(srv, fan.user.id, 1000);
  const prices = `/api/v1/channels/${streamer.user.id}/prices`;
  refused(await api(srv.url, 'PUT', prices, { token: streamer.token, body: { basic_cents: 200, premium_cents: 500, currency: 'EUR' } }));
  assert.deepEqual((await api(srv.url, 'GET', `/api/v1/channels/${streamer.user.id}`)).body.channel.prices, { BASIC: null, PREMIUM: null });
  assert.equal((await api(srv.url, 'PUT', prices, { token: streamer.token, body: { basic_cents: 200, premium_cents: 500, currency: 'USD' } })).status, 200);
  const sub = `/api/v1/channels/${streamer.user.id}/subscription`;
  refused(await api(srv.url, 'POST', sub, { token: fan.token, body: { tier: 'BASIC', currency: 'GBP' } }));
  assert.equal(await balance(srv, fan.token), 1000);
  refused(await api(srv.url, 'GET', sub, { token: fan.token }), 'subscription_not_found', 404);
  const ok = await api(srv.url, 'POST', sub, { token: fan.token, body: { tier: 'BASIC', currency: 'USD' } });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(await balance(srv, fan.token), 800);
  verifyLedger(srv);
});

it('socket send_tip in another currency: ack {ok:false, unsupported_currency}, nothing paid or broadcast', async () => {
  const streamer = await register(srv.url);
  const fan = await register(srv.url);
  await deposit(srv, fan.user.id, 1000);
  const sid = await liveStream(srv, streamer);
  const s = await connect(srv.url, fan.token);
  try {
    const joined = await ack(s, 'join_stream', { stream_id: sid });
    assert.equal(joined.ok, true, JSON.stringify(joined));
    const received = [];
    s.on('tip_received', (t) => received.push(t));
    const k = key('sock');
    const res = await ack(s, 'send_tip', { stream_id: sid, amount_cents: 250, currency: 'EUR', idempotency_key: k });
    assert.equal(res.ok, false, JSON.stringify(res));
    assert.equal(res.error.code, 'unsupported_currency');
    await sleep(500);
    assert.equal(received.length, 0);
    assert.equal(await balance(srv, fan.token), 1000);
    const good = await ack(s, 'send_tip', { stream_id: sid, amount_cents: 250, currency: 'USD', idempotency_key: k });
    assert.equal(good.ok, true, JSON.stringify(good));
    assert.equal(await balance(srv, fan.token), 750);
  } finally { s.disconnect(); }
  verifyLedger(srv);
});
