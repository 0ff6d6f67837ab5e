// A node killed with SIGKILL (issue 12 §3): the surviving node declares it dead once its heartbeat is
// older than --node-ttl, closes its watch sessions and corrects the viewer counts — in the room on the
// survivor, in REST, and in the stream row of a stream only the dead node served. No ghost viewers.
// Two real nodes over the real Redis and one database (MariaDB in the MariaDB pass).
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { api, register, itWith } from './harness.mjs';
import { createStream, eventually } from './it_helpers.mjs';
import { startPair, connect, join, countWatcher, metric } from './multinode_helpers.mjs';

const REDIS = process.env.TC_IT_REDIS_URL || 'redis://127.0.0.1:6379';
const HEARTBEAT_MS = 500;
const TTL_MS = 3000;
const it = itWith({ timeout: 90_000 });
let pair;
after(async () => { if (pair) await pair.stop(); });

// The open watch sessions in the shared database (sqlite:PATH or mysql://…), read directly.
function openSessions(db) {
  const q = 'SELECT COUNT(*) FROM stream_viewers WHERE left_at IS NULL';
  if (db.startsWith('sqlite:')) return Number(execFileSync('sqlite3', [db.slice('sqlite:'.length), q], { encoding: 'utf8' }));
  const u = new URL(db);
  return Number(execFileSync('mysql', ['-N', '-h', u.hostname, '-P', u.port || '3306', '-u', decodeURIComponent(u.username),
    `-p${decodeURIComponent(u.password)}`, u.pathname.slice(1), '-e', q], { encoding: 'utf8' }));
}
const stats = async (srv, sid) => (await api(srv.url, 'GET', `/api/v1/streaming/${sid}/stats`)).body.stats;
const row = async (srv, sid) => (await api(srv.url, 'GET', `/api/v1/streaming/${sid}`)).body.stream;

it('a node killed with SIGKILL: the survivor closes its watch sessions and corrects every count within the ttl', async () => {
  pair = await startPair(REDIS, ['--node-heartbeat', `${HEARTBEAT_MS}ms`, '--node-ttl', `${TTL_MS}ms`]);
  const { a, b } = pair;
  const streamer = await register(b.url);
  // `shared` has viewers on both nodes; `onlyA` only on A, the node that dies (nobody left to count it).
  const shared = (await createStream(b.url, streamer.token, 'node crash: shared')).stream_id;
  const onlyA = (await createStream(b.url, (await register(b.url)).token, 'node crash: only on A')).stream_id;
  const s = await connect(b.url, streamer.token);
  const seen = countWatcher(s, (await join(s, shared)).viewer_count);
  for (let i = 0; i < 3; i++) await join(await connect(a.url, (await register(a.url)).token), shared);
  await join(await connect(a.url), onlyA);
  await join(await connect(a.url, (await register(a.url)).token), onlyA);
  await eventually(() => seen.count === 4, `4 viewers of the shared stream seen on B (${seen.count})`);
  await eventually(async () => (await row(b, onlyA)).viewer_count === 2, 'the stream row says 2 for the stream on A');
  assert.equal((await stats(b, onlyA)).current_viewers, 2);
  assert.equal((await stats(b, onlyA)).viewer_sessions, 0, 'no watch session closed yet');
  // Every session written (A's five and the streamer's on B) before A dies.
  await eventually(() => openSessions(pair.db) === 6, 'six open watch sessions in the database');

  a.proc.kill('SIGKILL');
  const killedAt = Date.now();
  const bound = TTL_MS + 2 * HEARTBEAT_MS + 3000;  // ttl, a beat to notice, one to write, slack for a loaded machine
  await eventually(() => seen.count === 1, `B's room told 1 viewer (${seen.count})`, bound);
  await eventually(async () => (await stats(b, shared)).current_viewers === 1, 'REST on B: 1 viewer of the shared stream', bound);
  await eventually(async () => (await row(b, onlyA)).viewer_count === 0, 'the stream row of the stream only A served: 0', bound);
  await eventually(() => openSessions(pair.db) === 1, 'only the streamer\'s session on B still open', bound);
  const correctedMs = Date.now() - killedAt;
  // The dead node's five watch sessions are closed (stats count closed sessions), with a duration.
  const only = await stats(b, onlyA);
  assert.equal(only.current_viewers, 0);
  assert.equal(only.viewer_sessions, 2, JSON.stringify(only));
  assert.equal((await stats(b, shared)).viewer_sessions, 3);
  assert.equal(await metric(b, 'tradecast_nodes_reaped_total'), 1);
  console.log(`SIGKILLed node: counts and sessions corrected ${correctedMs} ms after the kill (ttl ${TTL_MS} ms, heartbeat ${HEARTBEAT_MS} ms)`);

  // The survivor's own viewer is untouched and the room still works.
  const v = await connect(b.url);
  await join(v, shared);
  await eventually(() => seen.count === 2, `a new viewer on B counts (${seen.count})`);
});
