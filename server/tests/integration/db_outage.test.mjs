// A database that hangs (SIGSTOP) or dies (SIGKILL) under the running server, then comes back
// (issue 12 §2). The suite runs its OWN MariaDB (private_mariadb.mjs: own datadir, own port), never
// the shared one. With --db-timeout 2s: requests needing the database answer 503 db_unavailable with
// Retry-After within the bound, /healthz answers within a second (degraded), tips are refused and
// never falsely acknowledged, chat keeps being acknowledged and reaches history once the database is
// back, and the ledger verifies clean afterwards.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, itWith } from './harness.mjs';
import { streamingClient, sleep, eventually, stopServer } from './it_helpers.mjs';
import { balance, key, tip, tippingRoom, verifyLedger, OPERATOR_KEY } from './money_helpers.mjs';
import { startPrivateMariaDb } from './private_mariadb.mjs';

const TIMEOUT_MS = 2000;
const it = itWith({ timeout: 60_000, tagged: false });  // its own MariaDB whatever the pass
let db;
let srv;
const client = streamingClient({ connectMs: 10000, ackMs: 10000 });
const { sockets, ack } = client;

before(async () => {
  db = await startPrivateMariaDb();
  srv = await startServer({ db: db.url, args: ['--db-timeout', `${TIMEOUT_MS}ms`, '--auth-rate-limit', '0', '--handshake-rate', '0',
    '--tip-rate-limit', '0', '--chat-rate-limit', '0', '--operator-key', OPERATOR_KEY] });
});
after(async () => {
  for (const s of sockets) s.disconnect();
  if (srv) await stopServer(srv);
  if (db) await db.stop();
});

const timed = async (p) => { const t0 = Date.now(); const r = await p; return { ...r, ms: Date.now() - t0 }; };
const refusedUnavailable = (r, what) => {
  assert.equal(r.status, 503, `${what}: ${r.status} ${r.text}`);
  assert.equal(r.body.error.code, 'db_unavailable', what);
  assert.match(r.headers.get('retry-after') ?? '', /^\d+$/, `${what}: Retry-After`);
};
// Polls until the server answers below 500 (the database is back).
const untilAnswered = (fn, what) => eventually(fn, what, 15000, { interval: 200, accept: (r) => r.status < 500 });
const metric = async (name) => {
  const text = await (await fetch(`${srv.url}/metrics`)).text();
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
};

const stage = () => tippingRoom(srv, client, 10_000);

it('a hung database: 503 db_unavailable within --db-timeout, /healthz within 1 s, tips refused, chat buffered', async () => {
  const { streamer, viewer, stream, socket } = await stage();
  db.hang();
  try {
    const create = timed(api(srv.url, 'POST', '/api/v1/streaming/create', { token: streamer.token, body: { title: 'during' } }));
    await sleep(200);
    const health = await timed(api(srv.url, 'GET', '/healthz'));
    assert.ok(health.ms < 1000, `healthz took ${health.ms} ms`);
    assert.equal(health.status, 503, health.text);
    assert.equal(health.body.status, 'degraded');
    const c = await create;
    refusedUnavailable(c, 'create while hung');
    assert.ok(c.ms < TIMEOUT_MS + 1500, `create took ${c.ms} ms`);

    // Found down: further requests are refused at once instead of queueing behind stuck calls.
    for (let i = 0; i < 5; i++) {
      const r = await timed(api(srv.url, 'POST', '/api/v1/streaming/create', { token: streamer.token, body: { title: `x${i}` } }));
      refusedUnavailable(r, `create ${i}`);
      assert.ok(r.ms < TIMEOUT_MS + 1500, `create ${i} took ${r.ms} ms`);
    }
    const h2 = await timed(api(srv.url, 'GET', '/healthz'));
    assert.ok(h2.ms < 1000 && h2.status === 503 && h2.body.db === 'unavailable', `${h2.ms} ms ${h2.text}`);
    assert.equal(await metric('tradecast_db_up'), 0);
    assert.ok(await metric('tradecast_db_refused_total') >= 3);  // not all five tried the database

    // A tip storm over REST and Socket.IO: every one refused, none acknowledged.
    const keys = Array.from({ length: 10 }, () => key('hung'));
    const rest = await Promise.all(keys.map((k) => tip(srv, viewer.token, stream.stream_id, { amount_cents: 100, idempotency_key: k })));
    rest.forEach((r, i) => refusedUnavailable(r, `tip ${i}`));
    const sock = await ack(socket, 'send_tip', { stream_id: stream.stream_id, amount_cents: 100, idempotency_key: key('hung-sock') });
    assert.equal(sock.ok, false, JSON.stringify(sock));
    assert.equal(sock.error.code, 'db_unavailable');

    // Chat is acknowledged from memory (written in batches): it must survive the outage.
    const chat = await ack(socket, 'send_message', { stream_id: stream.stream_id, message: 'said while the db hung' });
    assert.equal(chat.ok, true, JSON.stringify(chat));
  } finally {
    db.resume();
  }
  const back = await untilAnswered(() => api(srv.url, 'POST', '/api/v1/streaming/create', { token: streamer.token, body: { title: 'after' } }), 'create after SIGCONT');
  assert.equal(back.status, 201, back.text);
  assert.equal((await api(srv.url, 'GET', '/healthz')).status, 200);
  const history = await eventually(() => api(srv.url, 'GET', `/api/v1/streaming/${stream.stream_id}/messages`),
    'the message said while the db hung in history', 15000,
    { interval: 200, accept: (r) => r.status === 200 && r.text.includes('said while the db hung') });
  assert.match(JSON.stringify(history.body), /said while the db hung/);
  assert.equal(await balance(srv, viewer.token), 10_000);
  verifyLedger(srv);
});

it('a killed database: 503 db_unavailable (never internal), tips refused, everything works once it restarts', async () => {
  const { streamer, viewer, stream } = await stage();
  const paid = await tip(srv, viewer.token, stream.stream_id, { amount_cents: 250, idempotency_key: key('before') });
  assert.equal(paid.status, 201, paid.text);
  await db.kill();
  const keys = Array.from({ length: 20 }, () => key('down'));
  try {
    const c = await timed(api(srv.url, 'POST', '/api/v1/streaming/create', { token: streamer.token, body: { title: 'down' } }));
    refusedUnavailable(c, 'create while down');
    assert.ok(c.ms < TIMEOUT_MS + 1500, `create took ${c.ms} ms`);
    const w = await api(srv.url, 'GET', '/api/v1/wallet', { token: viewer.token });
    refusedUnavailable(w, 'wallet while down');
    const h = await timed(api(srv.url, 'GET', '/healthz'));
    assert.ok(h.ms < 1000 && h.status === 503 && h.body.status === 'degraded', `${h.ms} ms ${h.text}`);
    const storm = await Promise.all(keys.map((k) => tip(srv, viewer.token, stream.stream_id, { amount_cents: 100, idempotency_key: k })));
    storm.forEach((r, i) => refusedUnavailable(r, `tip ${i}`));
  } finally {
    await db.start();
  }
  const back = await untilAnswered(() => api(srv.url, 'POST', '/api/v1/streaming/create', { token: streamer.token, body: { title: 'restarted' } }), 'create after the restart');
  assert.equal(back.status, 201, back.text);
  assert.equal((await api(srv.url, 'GET', '/healthz')).status, 200);
  // The refused tips were not made: retried with their keys, each is paid exactly once now.
  for (const k of keys) {
    const r = await tip(srv, viewer.token, stream.stream_id, { amount_cents: 100, idempotency_key: k });
    assert.equal(r.status, 201, r.text);
  }
  assert.equal(await balance(srv, viewer.token), 10_000 - 250 - 100 * keys.length);
  verifyLedger(srv);
});
