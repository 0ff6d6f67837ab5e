// Shared steps of the money tests: users with funded wallets, a live stream, the CLI.
import { execFileSync, spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { api, register, binary } from './harness.mjs';

export const OPERATOR_KEY = 'test-operator-key-0123456789';
let seq = 0;
export const key = (p = 'k') => `${p}-${process.pid}-${Date.now().toString(36)}-${seq++}`;

export async function deposit(srv, userId, amount) {
  const r = await api(srv.url, 'POST', '/api/v1/wallet/deposits', {
    headers: { 'x-operator-key': OPERATOR_KEY }, body: { user_id: userId, amount_cents: amount, idempotency_key: key('dep') },
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

export async function balance(srv, token) {
  const r = await api(srv.url, 'GET', '/api/v1/wallet', { token });
  assert.equal(r.status, 200, r.text);
  return r.body.balance_cents;
}

export async function liveStream(srv, streamer) {
  const r = await api(srv.url, 'POST', '/api/v1/streaming/create', { token: streamer.token, body: { title: 'money test' } });
  assert.equal(r.status, 201, r.text);
  return r.body.stream.stream_id;
}

// A streamer's live stream and a viewer with `cents` in the wallet, joined to it on a socket from
// `client` (it_helpers' streamingClient): what the outage suites tip and chat through.
export async function tippingRoom(srv, client, cents) {
  const streamer = await register(srv.url);
  const viewer = await register(srv.url);
  const r = await api(srv.url, 'POST', '/api/v1/streaming/create', { token: streamer.token, body: { title: 'tipping room' } });
  assert.equal(r.status, 201, r.text);
  const stream = r.body.stream;
  await deposit(srv, viewer.user.id, cents);
  const socket = await client.connect(srv.url, viewer.token);
  assert.equal((await client.ack(socket, 'join_stream', { stream_id: stream.stream_id })).ok, true);
  return { streamer, viewer, stream, socket };
}

export async function tip(srv, token, streamId, body) {
  return api(srv.url, 'POST', `/api/v1/streaming/${streamId}/tips`, { token, body });
}

// `tradecast <args…>` against the server's database; returns {status, stdout, stderr}.
export function cli(srv, ...args) {
  const db = srv.dbUrl ? ['--db', srv.dbUrl] : [];
  const r = spawnSync(binary, [...args.slice(0, 2), '--data-dir', srv.dataDir, ...db, ...args.slice(2)], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function verifyLedger(srv) {
  const r = cli(srv, 'ledger', 'verify');
  assert.equal(r.status, 0, `ledger verify failed:\n${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /OK: every invariant holds/);
  return r.stdout;
}

export { register, api, execFileSync };

// Runs SQL directly on the server's database (to tamper with it on purpose).
export function rawSql(srv, sql) {
  if (!srv.dbUrl) return execFileSync('sqlite3', [`${srv.dataDir}/tradecast.db`, sql], { encoding: 'utf8' });
  const u = new URL(srv.dbUrl);
  return execFileSync('mysql', ['-h', u.hostname, '-P', u.port || '3306', '-u', decodeURIComponent(u.username),
    `-p${decodeURIComponent(u.password)}`, u.pathname.slice(1), '-e', sql], { encoding: 'utf8' });
}
