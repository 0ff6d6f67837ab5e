// A tip storm with the server killed by SIGKILL mid-way, then restarted on the same database:
// `tradecast ledger verify` passes and every tip that was acknowledged is in the ledger.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startServer, api, register, backend } from './harness.mjs';
import { sleep } from './waits.mjs';
import { OPERATOR_KEY, key, deposit, balance, liveStream, tip, verifyLedger } from './money_helpers.mjs';

const args = ['--auth-rate-limit', '0', '--tip-rate-limit', '0', '--operator-key', OPERATOR_KEY];

test(`[${backend}] SIGKILL during a tip storm loses no acknowledged tip and breaks no invariant`, async () => {
  let srv = await startServer({ args });
  const { dataDir, dbUrl } = srv;
  try {
    const streamer = await register(srv.url);
    const viewers = [];
    for (let i = 0; i < 4; i++) viewers.push(await register(srv.url));
    const streamId = await liveStream(srv, streamer);
    for (const v of viewers) await deposit(srv, v.user.id, 1_000_000);

    const acked = [];   // {viewer, body, tip}
    const unknown = []; // sent, no answer (killed in flight)
    let killed = false;
    const worker = async (v, w) => {
      for (let i = 0; !killed; i++) {
        const body = { amount_cents: 100 + ((w * 7 + i) % 50), idempotency_key: key(`crash${w}-${i}`) };
        try {
          const r = await tip(srv, v.token, streamId, body);
          if (r.status === 201) acked.push({ v, body, tip: r.body.tip });
          else assert.fail(`unexpected ${r.status} ${r.text}`);
        } catch (e) {
          if (!killed) throw e;
          unknown.push({ v, body });
          return;
        }
      }
    };
    // Two workers per viewer; kill once a good number of tips are acknowledged.
    const running = viewers.flatMap((v, i) => [worker(v, 2 * i), worker(v, 2 * i + 1)]);
    while (acked.length < 120) await sleep(5);
    killed = true;
    srv.proc.kill('SIGKILL');
    await Promise.all(running);
    await new Promise((r) => srv.proc.exitCode !== null || srv.proc.signalCode ? r() : srv.proc.once('exit', r));
    assert.ok(acked.length >= 120);

    srv = await startServer({ args, dataDir, db: dbUrl });
    verifyLedger(srv);
    // Every acknowledged tip is there: retrying its key returns the very same tip and pays nothing.
    const totalsBefore = (await api(srv.url, 'GET', `/api/v1/streaming/${streamId}/tips`)).body;
    assert.ok(totalsBefore.tips_count >= acked.length, `${totalsBefore.tips_count} tips in the ledger, ${acked.length} acknowledged`);
    for (const a of acked) {
      const r = await tip(srv, a.v.token, streamId, a.body);
      assert.equal(r.status, 201, r.text);
      assert.equal(r.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(r.body.tip, a.tip);
    }
    const totalsAfter = (await api(srv.url, 'GET', `/api/v1/streaming/${streamId}/tips`)).body;
    assert.equal(totalsAfter.tips_count, totalsBefore.tips_count);
    // In-flight ones either committed or not; retrying them settles them exactly once.
    for (const u of unknown) assert.equal((await tip(srv, u.v.token, streamId, u.body)).status, 201);
    const final = (await api(srv.url, 'GET', `/api/v1/streaming/${streamId}/tips`)).body;
    let paid = 0;
    for (const v of viewers) paid += 1_000_000 - (await balance(srv, v.token));
    assert.equal(paid, final.total_tips_cents);
    assert.equal(await balance(srv, streamer.token), final.total_tips_cents - final.fees_cents);
    verifyLedger(srv);
  } finally {
    await srv.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test(`[${backend}] a server refuses to start with another currency than its ledger's`, async () => {
  let srv = await startServer({ args });
  const { dataDir, dbUrl } = srv;
  try {
    const u = await register(srv.url);
    await deposit(srv, u.user.id, 100);
    await srv.stop();
    await assert.rejects(startServer({ args: [...args, '--currency', 'EUR'], dataDir, db: dbUrl }), /currency/);
    srv = await startServer({ args: [...args, '--currency', 'USD'], dataDir, db: dbUrl });
    assert.equal(await balance(srv, u.token), 100);
  } finally {
    await srv.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
