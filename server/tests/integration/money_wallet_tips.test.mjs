// Wallet, deposits, tips and payouts against the real binary: amounts, fees, idempotency,
// concurrency and the ledger invariants. Runs on SQLite, and on MariaDB when TC_IT_MYSQL_URL is set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, register, backend } from './harness.mjs';
import { OPERATOR_KEY, key, deposit, balance, liveStream, tip, cli, verifyLedger, rawSql } from './money_helpers.mjs';

let srv;
before(async () => {
  srv = await startServer({ args: ['--auth-rate-limit', '0', '--tip-rate-limit', '0', '--operator-key', OPERATOR_KEY, '--tip-max-cents', '100000'] });
});
after(async () => { await srv.stop(); srv.cleanup(); });

const err = (r, status, code) => {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body?.error?.code, code, r.text);
};

async function txCount(token) {
  const r = await api(srv.url, 'GET', '/api/v1/wallet/transactions?limit=100', { token });
  assert.equal(r.status, 200, r.text);
  return r.body.transactions.length;
}

test(`[${backend}] deposits need the operator key and are idempotent`, async () => {
  const u = await register(srv.url);
  const body = { user_id: u.user.id, amount_cents: 2500, idempotency_key: key() };
  err(await api(srv.url, 'POST', '/api/v1/wallet/deposits', { body }), 401, 'invalid_operator_key');
  err(await api(srv.url, 'POST', '/api/v1/wallet/deposits', { headers: { 'x-operator-key': 'wrong' }, body }), 401, 'invalid_operator_key');
  const h = { 'x-operator-key': OPERATOR_KEY };
  const first = await api(srv.url, 'POST', '/api/v1/wallet/deposits', { headers: h, body });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.body.balance_cents, 2500);
  const again = await api(srv.url, 'POST', '/api/v1/wallet/deposits', { headers: h, body });
  assert.equal(again.status, 201);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal(again.body.deposit.transfer_id, first.body.deposit.transfer_id);
  err(await api(srv.url, 'POST', '/api/v1/wallet/deposits', { headers: h, body: { ...body, amount_cents: 2501 } }), 409, 'idempotency_key_reused');
  err(await api(srv.url, 'POST', '/api/v1/wallet/deposits', { headers: h, body: { ...body, user_id: 'nobody', idempotency_key: key() } }), 404, 'user_not_found');
  const w = await api(srv.url, 'GET', '/api/v1/wallet', { token: u.token });
  assert.deepEqual({ b: w.body.balance_cents, c: w.body.currency }, { b: 2500, c: 'USD' });
  err(await api(srv.url, 'GET', '/api/v1/wallet'), 401, 'not_authenticated');
  verifyLedger(srv);
});

test(`[${backend}] a tip moves money with the fee rule, writes the tip and its TIP line`, async () => {
  const streamer = await register(srv.url);
  const viewer = await register(srv.url);
  const streamId = await liveStream(srv, streamer);
  await deposit(srv, viewer.user.id, 1000);
  const r = await tip(srv, viewer.token, streamId, { amount_cents: 333, message: '  gm 🚀 ', idempotency_key: key() });
  assert.equal(r.status, 201, r.text);
  const t = r.body.tip;
  assert.deepEqual({ a: t.amount_cents, f: t.fee_cents, c: t.streamer_credit_cents, m: t.message, s: t.stream_id },
    { a: 333, f: 16, c: 317, m: 'gm 🚀', s: streamId });
  assert.match(t.tip_id, /^[0-9a-f-]{36}$/);
  assert.equal(await balance(srv, viewer.token), 667);
  assert.equal(await balance(srv, streamer.token), 317);
  // A tip too small for a whole cent of fee: the streamer gets all of it.
  const small = await tip(srv, viewer.token, streamId, { amount_cents: 19, idempotency_key: key() });
  assert.equal(small.status, 201, small.text);
  assert.deepEqual([small.body.tip.fee_cents, small.body.tip.streamer_credit_cents], [0, 19]);
  // The founding design's dollars, when exact.
  const dollars = await tip(srv, viewer.token, streamId, { amount: 0.1, idempotency_key: key() });
  assert.equal(dollars.status, 201, dollars.text);
  assert.equal(dollars.body.tip.amount_cents, 10);
  err(await tip(srv, viewer.token, streamId, { amount: 0.105, idempotency_key: key() }), 400, 'invalid_amount');

  const totals = await api(srv.url, 'GET', `/api/v1/streaming/${streamId}/tips`);
  assert.deepEqual([totals.body.total_tips_cents, totals.body.tips_count, totals.body.fees_cents], [362, 3, 16]);
  const tx = await api(srv.url, 'GET', '/api/v1/wallet/transactions?limit=1', { token: streamer.token });
  assert.equal(tx.body.transactions[0].type, 'TIP');
  assert.equal(tx.body.transactions[0].tip_id, dollars.body.tip.tip_id);
  assert.equal(tx.body.transactions[0].amount_cents, 10);
  assert.ok(tx.body.next_cursor);
  const page2 = await api(srv.url, 'GET', `/api/v1/wallet/transactions?limit=1&cursor=${tx.body.next_cursor}`, { token: streamer.token });
  assert.equal(page2.body.transactions[0].tip_id, small.body.tip.tip_id);
  const w = await api(srv.url, 'GET', '/api/v1/wallet', { token: streamer.token });
  assert.equal(w.body.tips_earned_cents, 317 + 19 + 10);
  verifyLedger(srv);
});

test(`[${backend}] every bad amount and field is rejected and nothing changes`, async () => {
  const streamer = await register(srv.url);
  const viewer = await register(srv.url);
  const streamId = await liveStream(srv, streamer);
  await deposit(srv, viewer.user.id, 500);
  const k = () => JSON.stringify(key());
  const raw = [
    [`{"amount_cents":-1,"idempotency_key":${k()}}`, 400, 'invalid_amount'],
    [`{"amount_cents":0,"idempotency_key":${k()}}`, 400, 'invalid_amount'],
    [`{"amount_cents":-0,"idempotency_key":${k()}}`, 400, 'invalid_amount'],
    [`{"amount_cents":1.5,"idempotency_key":${k()}}`, 400, 'invalid_amount'],
    [`{"amount_cents":100.0,"idempotency_key":${k()}}`, 400, 'invalid_amount'],
    [`{"amount_cents":1e2,"idempotency_key":${k()}}`, 400, 'invalid_amount'],
    [`{"amount_cents":"100","idempotency_key":${k()}}`, 400, 'invalid_amount'],
    [`{"amount_cents":"abc","idempotency_key":${k()}}`, 400, 'invalid_amount'],
    [`{"amount_cents":true,"idempotency_key":${k()}}`, 400, 'invalid_amount'],
    [`{"amount_cents":[100],"idempotency_key":${k()}}`, 400, 'invalid_amount'],
    [`{"amount_cents":{},"idempotency_key":${k()}}`, 400, 'invalid_amount'],
    [`{"amount_cents":9007199254740993,"idempotency_key":${k()}}`, 400, 'invalid_amount'],
    [`{"amount_cents":18446744073709551615,"idempotency_key":${k()}}`, 400, 'invalid_amount'],
    [`{"amount_cents":1e400,"idempotency_key":${k()}}`, 400, null],
    [`{"amount_cents":NaN,"idempotency_key":${k()}}`, 400, 'invalid_json'],
    [`{"amount_cents":Infinity,"idempotency_key":${k()}}`, 400, 'invalid_json'],
    [`{"idempotency_key":${k()}}`, 400, 'missing_field'],
    [`{"amount_cents":null,"idempotency_key":${k()}}`, 400, 'missing_field'],
    [`{"amount_cents":100000001,"idempotency_key":${k()}}`, 400, 'amount_too_large'],
    [`{"amount_cents":100001,"idempotency_key":${k()}}`, 400, 'amount_too_large'],
    [`{"amount_cents":100}`, 400, 'missing_field'],
    [`{"amount_cents":100,"idempotency_key":""}`, 400, 'missing_field'],
    [`{"amount_cents":100,"idempotency_key":"has space"}`, 400, 'invalid_idempotency_key'],
    [`{"amount_cents":100,"idempotency_key":${JSON.stringify('x'.repeat(101))}}`, 400, 'invalid_idempotency_key'],
    [`{"amount_cents":100,"message":${JSON.stringify('m'.repeat(201))},"idempotency_key":${k()}}`, 400, 'message_too_long'],
    [`{"amount_cents":100,"message":"bell\\u0007","idempotency_key":${k()}}`, 400, 'invalid_message'],
    [`{"amount_cents":100,"message":5,"idempotency_key":${k()}}`, 400, 'invalid_field'],
    [`{"amount_cents":501,"idempotency_key":${k()}}`, 409, 'insufficient_funds'],
  ];
  const before = [await balance(srv, viewer.token), await balance(srv, streamer.token), await txCount(viewer.token)];
  for (const [body, status, code] of raw) {
    const r = await api(srv.url, 'POST', `/api/v1/streaming/${streamId}/tips`, { token: viewer.token, raw: body, headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, status, `${body} → ${r.text}`);
    if (code) assert.equal(r.body?.error?.code, code, `${body} → ${r.text}`);
  }
  // A 200-character message is fine (characters, not bytes).
  const ok200 = await tip(srv, viewer.token, streamId, { amount_cents: 1, message: '€'.repeat(200), idempotency_key: key() });
  assert.equal(ok200.status, 201, ok200.text);
  const after = [await balance(srv, viewer.token), await balance(srv, streamer.token), await txCount(viewer.token)];
  assert.deepEqual(after, [before[0] - 1, before[1] + 1, before[2] + 1]);

  // Rules beyond the amount.
  err(await tip(srv, streamer.token, streamId, { amount_cents: 5, idempotency_key: key() }), 400, 'cannot_tip_self');
  err(await tip(srv, viewer.token, '00000000-0000-4000-8000-000000000000', { amount_cents: 5, idempotency_key: key() }), 404, 'stream_not_found');
  err(await tip(srv, viewer.token, 'not-a-uuid', { amount_cents: 5, idempotency_key: key() }), 404, 'stream_not_found');
  err(await api(srv.url, 'POST', `/api/v1/streaming/${streamId}/tips`, { body: { amount_cents: 5, idempotency_key: key() } }), 401, 'not_authenticated');
  assert.equal((await api(srv.url, 'POST', `/api/v1/streaming/${streamId}/end`, { token: streamer.token })).status, 200);
  err(await tip(srv, viewer.token, streamId, { amount_cents: 5, idempotency_key: key() }), 409, 'stream_not_live');
  assert.deepEqual([await balance(srv, viewer.token), await txCount(viewer.token)], [after[0], after[2]]);
  verifyLedger(srv);
});

test(`[${backend}] the same tip retried with its key 10 times (at once) pays once`, async () => {
  const streamer = await register(srv.url);
  const viewer = await register(srv.url);
  const streamId = await liveStream(srv, streamer);
  await deposit(srv, viewer.user.id, 10_000);
  const body = { amount_cents: 700, message: 'once', idempotency_key: key('retry') };
  const all = await Promise.all(Array.from({ length: 10 }, () => tip(srv, viewer.token, streamId, body)));
  for (const r of all) assert.equal(r.status, 201, r.text);
  assert.equal(new Set(all.map((r) => r.body.tip.tip_id)).size, 1);
  const seq = [];
  for (let i = 0; i < 10; i++) seq.push(await tip(srv, viewer.token, streamId, body));
  assert.ok(seq.every((r) => r.status === 201 && r.body.tip.tip_id === all[0].body.tip.tip_id));
  assert.ok(seq.every((r) => r.headers.get('idempotent-replayed') === 'true'));
  assert.equal(await balance(srv, viewer.token), 9300);
  assert.equal(await balance(srv, streamer.token), 665);
  const totals = await api(srv.url, 'GET', `/api/v1/streaming/${streamId}/tips`);
  assert.equal(totals.body.tips_count, 1);
  err(await tip(srv, viewer.token, streamId, { ...body, amount_cents: 701 }), 409, 'idempotency_key_reused');
  err(await tip(srv, viewer.token, streamId, { ...body, message: 'twice' }), 409, 'idempotency_key_reused');
  // Keys are per user: another viewer may use the same key.
  const other = await register(srv.url);
  await deposit(srv, other.user.id, 700);
  assert.equal((await tip(srv, other.token, streamId, body)).status, 201);
  verifyLedger(srv);
});

test(`[${backend}] 200 concurrent tips against a wallet that affords exactly 100`, async () => {
  const streamer = await register(srv.url);
  const viewer = await register(srv.url);
  const streamId = await liveStream(srv, streamer);
  // 105 cents each: fee floor(105 × 500 / 10000) = 5, credit 100.
  await deposit(srv, viewer.user.id, 100 * 105);
  const all = await Promise.all(Array.from({ length: 200 }, (_, i) =>
    tip(srv, viewer.token, streamId, { amount_cents: 105, idempotency_key: key(`storm${i}`) })));
  const ok = all.filter((r) => r.status === 201);
  const refused = all.filter((r) => r.status === 409 && r.body?.error?.code === 'insufficient_funds');
  assert.equal(ok.length, 100, `statuses: ${JSON.stringify(all.map((r) => r.status))}`);
  assert.equal(refused.length, 100);
  assert.equal(new Set(ok.map((r) => r.body.tip.tip_id)).size, 100);
  assert.equal(await balance(srv, viewer.token), 0);
  assert.equal(await balance(srv, streamer.token), 100 * 100);
  const totals = await api(srv.url, 'GET', `/api/v1/streaming/${streamId}/tips`);
  assert.deepEqual([totals.body.total_tips_cents, totals.body.tips_count, totals.body.fees_cents], [10_500, 100, 500]);
  verifyLedger(srv);
});

test(`[${backend}] payouts: requested money is held; paid leaves, rejected returns`, async () => {
  const u = await register(srv.url);
  await deposit(srv, u.user.id, 1000);
  const op = { 'x-operator-key': OPERATOR_KEY };
  const p1 = await api(srv.url, 'POST', '/api/v1/wallet/payouts', { token: u.token, body: { amount_cents: 300 } });
  assert.equal(p1.status, 201, p1.text);
  assert.equal(p1.body.payout.status, 'REQUESTED');
  const p2 = await api(srv.url, 'POST', '/api/v1/wallet/payouts', { token: u.token, body: { amount_cents: 200, idempotency_key: 'p2' } });
  assert.equal((await api(srv.url, 'POST', '/api/v1/wallet/payouts', { token: u.token, body: { amount_cents: 200, idempotency_key: 'p2' } })).body.payout.payout_id, p2.body.payout.payout_id);
  assert.equal(await balance(srv, u.token), 500);
  err(await api(srv.url, 'POST', '/api/v1/wallet/payouts', { token: u.token, body: { amount_cents: 501 } }), 409, 'insufficient_funds');
  err(await api(srv.url, 'POST', '/api/v1/wallet/payouts', { token: u.token, body: { amount_cents: 1.5 } }), 400, 'invalid_amount');
  const listed = await api(srv.url, 'GET', '/api/v1/wallet/payouts?status=REQUESTED', { headers: op });
  assert.ok(listed.body.payouts.some((p) => p.payout_id === p1.body.payout.payout_id));
  err(await api(srv.url, 'POST', `/api/v1/wallet/payouts/${p1.body.payout.payout_id}/paid`, { token: u.token }), 401, 'invalid_operator_key');
  const paid = await api(srv.url, 'POST', `/api/v1/wallet/payouts/${p1.body.payout.payout_id}/paid`, { headers: op });
  assert.equal(paid.status, 200, paid.text);
  assert.equal(paid.body.payout.status, 'PAID');
  err(await api(srv.url, 'POST', `/api/v1/wallet/payouts/${p1.body.payout.payout_id}/rejected`, { headers: op }), 409, 'payout_already_decided');
  const rejected = await api(srv.url, 'POST', `/api/v1/wallet/payouts/${p2.body.payout.payout_id}/rejected`, { headers: op });
  assert.equal(rejected.body.payout.status, 'REJECTED');
  assert.equal(await balance(srv, u.token), 700);
  err(await api(srv.url, 'POST', '/api/v1/wallet/payouts/00000000-0000-4000-8000-000000000000/paid', { headers: op }), 404, 'payout_not_found');
  const mine = await api(srv.url, 'GET', '/api/v1/wallet/payouts', { token: u.token });
  assert.deepEqual(mine.body.payouts.map((p) => p.status).sort(), ['PAID', 'REJECTED']);
  const out = verifyLedger(srv);
  assert.match(out, /paid payouts [1-9]\d*/);
});

test(`[${backend}] the CLI deposits by username while the server runs`, async () => {
  const u = await register(srv.url);
  const r = cli(srv, 'wallet', 'deposit', u.user.username.toUpperCase(), '1234');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /deposited 1234 cents/);
  assert.equal(await balance(srv, u.token), 1234);
  const k = cli(srv, 'wallet', 'deposit', '--idempotency-key', 'cli-1', u.user.id, '10');
  assert.equal(k.status, 0, k.stderr);
  assert.equal(cli(srv, 'wallet', 'deposit', '--idempotency-key', 'cli-1', u.user.id, '10').status, 0);
  assert.equal(await balance(srv, u.token), 1244);
  for (const bad of ['-5', '0', '1.5', 'abc']) {
    const b = cli(srv, 'wallet', 'deposit', u.user.id, bad);
    assert.equal(b.status, 1, `${bad}: ${b.stdout}`);
  }
  assert.equal(cli(srv, 'wallet', 'deposit', 'no_such_user_x', '5').status, 1);
  assert.equal(await balance(srv, u.token), 1244);
  verifyLedger(srv);
});

test(`[${backend}] without --operator-key the operator API is off`, async () => {
  const off = await startServer({ args: ['--auth-rate-limit', '0'] });
  try {
    const u = await register(off.url);
    err(await api(off.url, 'POST', '/api/v1/wallet/deposits', { headers: { 'x-operator-key': 'anything' }, body: { user_id: u.user.id, amount_cents: 5, idempotency_key: 'x' } }), 403, 'operator_api_disabled');
  } finally { await off.stop(); off.cleanup(); }
});

test(`[${backend}] tips are rate limited per tipper; replays of a key are not counted`, async () => {
  const s = await startServer({ args: ['--auth-rate-limit', '0', '--tip-rate-limit', '3/60s', '--operator-key', OPERATOR_KEY] });
  try {
    const streamer = await register(s.url);
    const viewer = await register(s.url);
    const streamId = await liveStream(s, streamer);
    await deposit(s, viewer.user.id, 100);
    const first = { amount_cents: 1, idempotency_key: key() };
    assert.equal((await tip(s, viewer.token, streamId, first)).status, 201);
    for (let i = 0; i < 2; i++) assert.equal((await tip(s, viewer.token, streamId, { amount_cents: 1, idempotency_key: key() })).status, 201);
    const limited = await tip(s, viewer.token, streamId, { amount_cents: 1, idempotency_key: key() });
    err(limited, 429, 'rate_limited');
    assert.ok(+limited.headers.get('retry-after') >= 1);
    assert.equal((await tip(s, viewer.token, streamId, first)).status, 201);  // replay: still answered
    assert.equal(await balance(s, viewer.token), 97);
  } finally { await s.stop(); s.cleanup(); }
});

test(`[${backend}] ledger verify exits 1 with a report when an invariant is broken`, async () => {
  const u = await register(srv.url);
  await deposit(srv, u.user.id, 500);
  verifyLedger(srv);
  const account = `user:${u.user.id}`;
  rawSql(srv, `UPDATE ledger_accounts SET balance_cents = balance_cents + 7 WHERE account_id = '${account}'`);
  try {
    const r = cli(srv, 'ledger', 'verify');
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /FAILED: \d+ problem/);
    assert.match(r.stdout, new RegExp(`account ${account}: balance 507 but its entries sum to 500`));
    assert.match(r.stdout, /but deposits − paid payouts = /);
  } finally {
    rawSql(srv, `UPDATE ledger_accounts SET balance_cents = balance_cents - 7 WHERE account_id = '${account}'`);
  }
  verifyLedger(srv);
});
