// Two (or more) tradecast nodes on one database and one Redis (--redis), for the multi-node suites:
// the nodes, a joined socket, and what a socket was told (events, its latest viewer count). On MariaDB
// when TC_IT_MYSQL_URL is set, else every node opens one SQLite file (docs/realtime.md "Several nodes").
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as pathJoin } from 'node:path';
import { startServer, freshDatabaseUrl } from './harness.mjs';
import { streamingClient, stopServer } from './it_helpers.mjs';
import { OPERATOR_KEY } from './money_helpers.mjs';

const SECRET = 'multinode-test-secret-0123456789abcdef';
export const COMMON = ['--auth-rate-limit', '0', '--handshake-rate', '0', '--media', 'false', '--jwt-secret', SECRET,
  '--operator-key', OPERATOR_KEY, '--tip-rate-limit', '0'];
export const { sockets, connect, ack } = streamingClient({ connectMs: 20000, ackMs: 20000 });

// Two nodes on one database: MariaDB (a fresh database) or one SQLite file shared by both processes.
export async function startPair(redisUrl, extra = []) {
  const shared = mkdtempSync(pathJoin(tmpdir(), 'tc-multinode-'));
  const db = freshDatabaseUrl() || `sqlite:${pathJoin(shared, 'shared.db')}`;
  const args = [...COMMON, '--redis', redisUrl, ...extra];
  const a = await startServer({ args, db });
  const b = await startServer({ args, db });
  return {
    a, b, db, args,
    async stop() {
      for (const s of sockets) s.disconnect();
      sockets.clear();
      await stopServer(a);
      await stopServer(b);
      rmSync(shared, { recursive: true, force: true });
    },
  };
}

export async function join(socket, streamId) {
  const res = await ack(socket, 'join_stream', { stream_id: streamId });
  assert.equal(res.ok, true, JSON.stringify(res));
  return res;
}

// Every payload of `event` the socket gets, in order.
export function collect(socket, event) {
  const got = [];
  socket.on(event, (p) => got.push(p));
  return got;
}

// The latest viewer count a socket was told (joined ack, then viewer_joined / viewer_left).
export function countWatcher(socket, initial) {
  const w = { count: initial };
  socket.on('viewer_joined', (p) => { w.count = p.viewer_count; });
  socket.on('viewer_left', (p) => { w.count = p.viewer_count; });
  return w;
}

// A metric's value on a node (NaN when absent).
export async function metric(srv, name) {
  const text = await (await fetch(`${srv.url}/metrics`)).text();
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}
