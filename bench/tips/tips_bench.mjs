// Tips per second, sustained, through the real server with full durability (SQLite
// synchronous=FULL per money transaction; MariaDB as configured — check innodb_flush_log_at_trx_commit=1).
// Usage: node bench/tips/tips_bench.mjs [--db mysql://user:pass@host:port/anything] [--seconds 15]
//          [--concurrency 16] [--viewers 16] [--streams 1]
// Starts build/tradecast on a fresh database, funds `viewers` wallets, then keeps `concurrency`
// requests in flight (each a new idempotency key) for `seconds` and prints one JSON line.
import { startServer, api, register } from '../../server/tests/integration/harness.mjs';
import { execFileSync } from 'node:child_process';

const opt = { seconds: 15, concurrency: 16, viewers: 16, streams: 1, db: '' };
for (let i = 2; i < process.argv.length; i += 2) opt[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const k of ['seconds', 'concurrency', 'viewers', 'streams']) opt[k] = +opt[k];
if (opt.db) process.env.TC_IT_MYSQL_URL = opt.db;

const key = 'bench-operator-key-0123456789';
const srv = await startServer({ args: ['--auth-rate-limit', '0', '--tip-rate-limit', '0', '--rest-rate-limit-ip', '0', '--rest-rate-limit-token', '0', '--operator-key', key], db: undefined });
try {
  const streamers = [];
  const streams = [];
  for (let i = 0; i < opt.streams; i++) {
    const s = await register(srv.url);
    streamers.push(s);
    streams.push((await api(srv.url, 'POST', '/api/v1/streaming/create', { token: s.token, body: { title: `bench ${i}` } })).body.stream.stream_id);
  }
  const viewers = [];
  for (let i = 0; i < opt.viewers; i++) {
    const v = await register(srv.url);
    const d = await api(srv.url, 'POST', '/api/v1/wallet/deposits', { headers: { 'x-operator-key': key }, body: { user_id: v.user.id, amount_cents: 1e10, idempotency_key: `fund-${i}` } });
    if (d.status !== 201) throw new Error(d.text);
    viewers.push(v);
  }
  let ok = 0, failed = 0, n = 0;
  const latencies = [];
  const end = Date.now() + opt.seconds * 1000;
  const worker = async (w) => {
    while (Date.now() < end) {
      const i = n++;
      const v = viewers[i % viewers.length];
      const t0 = performance.now();
      const r = await fetch(`${srv.url}/api/v1/streaming/${streams[i % streams.length]}/tips`, {
        method: 'POST', headers: { authorization: `Bearer ${v.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ amount_cents: 100 + (i % 400), idempotency_key: `b${w}-${i}` }),
      });
      await r.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (r.status === 201) ok++; else failed++;
    }
  };
  const t0 = Date.now();
  await Promise.all(Array.from({ length: opt.concurrency }, (_, w) => worker(w)));
  const secs = (Date.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => +latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1);
  // The ledger must still balance after the run.
  const db = srv.dbUrl ? ['--db', srv.dbUrl] : [];
  const verify = execFileSync(srv.proc.spawnargs[0], ['ledger', 'verify', '--data-dir', srv.dataDir, ...db], { encoding: 'utf8' });
  console.log(JSON.stringify({
    backend: srv.dbUrl ? 'mariadb' : 'sqlite', seconds: +secs.toFixed(1), concurrency: opt.concurrency,
    viewers: opt.viewers, streams: opt.streams, tips_ok: ok, tips_failed: failed,
    tips_per_second: +(ok / secs).toFixed(1), p50_ms: pct(0.5), p99_ms: pct(0.99),
    ledger_verify: /OK: every invariant holds/.test(verify) ? 'ok' : verify,
  }));
} finally {
  await srv.stop();
  srv.cleanup();
}
