// Redis failing under two nodes during cross-node chat (issue 12 §3), on a redis-server of the test's
// own (private_redis.mjs): hung (SIGSTOP) and killed, then back. While it is away each node keeps
// serving its own sockets (chat acked and delivered locally), /healthz and /metrics say the bus is
// disconnected (a hung Redis too: the nodes' PINGs go unanswered), nothing crashes; once it is back the
// nodes subscribe again, messages cross again, no message is delivered twice, and every node's viewer
// count is right again within seconds. Real binaries, real Redis, real socket.io-client.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { api, register, itWith } from './harness.mjs';
import { createStream, sleep, eventually } from './it_helpers.mjs';
import { startPrivateRedis } from './private_redis.mjs';
import { startPair, connect, ack, join, collect, countWatcher, metric } from './multinode_helpers.mjs';

const it = itWith({ timeout: 120_000 });
const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

const health = async (srv) => (await api(srv.url, 'GET', '/healthz')).body;

// A stream with its streamer and a viewer on node B and two viewers on node A, every socket recording
// the chat it gets, and a way to tell whether a message from B crosses to A.
async function stage(pair, title) {
  const { a, b } = pair;
  const streamer = await register(b.url);
  const sid = (await createStream(b.url, streamer.token, title)).stream_id;
  const s = await connect(b.url, streamer.token);
  const w = await connect(b.url, (await register(b.url)).token);
  const v1 = await connect(a.url, (await register(a.url)).token);
  const v2 = await connect(a.url, (await register(a.url)).token);
  const all = { s, w, v1, v2 };
  const chat = {};
  const counts = {};
  for (const [name, sock] of Object.entries(all)) {
    chat[name] = collect(sock, 'chat_message');
    counts[name] = countWatcher(sock, (await join(sock, sid)).viewer_count);
  }
  let n = 0;
  const crosses = async () => {
    const r = await ack(s, 'send_message', { stream_id: sid, message: `probe ${n++}` });
    assert.equal(r.ok, true, JSON.stringify(r));
    await sleep(200);
    return chat.v1.some((m) => m.message_id === r.message_id);
  };
  await eventually(crosses, 'a message from B crosses to A');
  await eventually(() => Object.values(counts).every((c) => c.count === 4),
    `4 viewers on both nodes (${JSON.stringify(counts)})`);
  return { sid, all, chat, counts, crosses };
}

// Each node still serves its own sockets: a message on A reaches A's other viewer, one on B B's.
async function localDeliveryHolds({ sid, all, chat }, label) {
  const onA = await ack(all.v1, 'send_message', { stream_id: sid, message: `A local ${label}` });
  assert.equal(onA.ok, true, JSON.stringify(onA));
  const onB = await ack(all.w, 'send_message', { stream_id: sid, message: `B local ${label}` });
  assert.equal(onB.ok, true, JSON.stringify(onB));
  await eventually(() => chat.v2.some((m) => m.message_id === onA.message_id), `A's message on A (${label})`);
  await eventually(() => chat.s.some((m) => m.message_id === onB.message_id), `B's message on B (${label})`);
}

async function busIs(pair, state, ms = 10_000) {
  for (const srv of [pair.a, pair.b]) {
    await eventually(async () => {
      const h = await health(srv);
      return h.status === 'ok' && h.bus === state && await metric(srv, 'tradecast_bus_connected') === (state === 'connected' ? 1 : 0);
    }, `/healthz 200 with bus ${state} and tradecast_bus_connected on ${srv.url}`, ms);
  }
}

// After Redis is back: the nodes converge. Returns how long the counts took from `since`.
async function converges(pair, staged, since) {
  const { sid, all, chat, counts, crosses } = staged;
  await busIs(pair, 'connected', 20_000);
  await eventually(crosses, 'a message from B crosses to A again', 20_000);
  // v2 (on A) left during the outage: 3 viewers, on both nodes and in REST on both.
  await eventually(() => [counts.s, counts.w, counts.v1].every((c) => c.count === 3),
    `3 viewers on both nodes after Redis is back (${JSON.stringify(counts)})`, 20_000);
  const countsMs = Date.now() - since;
  for (const srv of [pair.a, pair.b]) {
    await eventually(async () => (await api(srv.url, 'GET', `/api/v1/streaming/${sid}/stats`)).body.stats.current_viewers === 3,
      `REST stats say 3 on ${srv.url}`);
  }
  // One message after the nodes converged reaches every socket in the room once.
  const last = await ack(all.s, 'send_message', { stream_id: sid, message: 'after the outage' });
  assert.equal(last.ok, true, JSON.stringify(last));
  for (const name of ['s', 'w', 'v1']) {
    await eventually(() => chat[name].some((m) => m.message_id === last.message_id), `the last message on ${name}`);
  }
  await sleep(500);
  // Nothing twice, on any socket, through the whole run (messages from the outage included).
  for (const [name, got] of Object.entries(chat)) {
    const ids = got.map((m) => m.message_id);
    assert.equal(new Set(ids).size, ids.length, `${name} got a message twice: ${ids.join(' ')}`);
  }
  return countsMs;
}

it('Redis hung (SIGSTOP): local chat goes on, /healthz and /metrics say the bus is down, SIGCONT reconverges', async () => {
  const redis = await startPrivateRedis();
  cleanups.push(() => redis.stop());
  const pair = await startPair(redis.url);
  cleanups.push(() => pair.stop());
  const staged = await stage(pair, 'redis hung');
  await busIs(pair, 'connected');

  redis.hang();
  const hungAt = Date.now();
  await localDeliveryHolds(staged, 'hung');
  // The nodes' PINGs go unanswered: within the silence limit (3 s) plus a ping interval they say so.
  await busIs(pair, 'disconnected');
  const detectedMs = Date.now() - hungAt;
  await localDeliveryHolds(staged, 'still hung');
  staged.all.v2.disconnect();  // a viewer leaves while the nodes cannot tell each other
  assert.equal(pair.a.proc.exitCode, null, 'node A alive');
  assert.equal(pair.b.proc.exitCode, null, 'node B alive');

  redis.resume();
  const countsMs = await converges(pair, staged, Date.now());
  console.log(`hung Redis: detected after ${detectedMs} ms; counts right ${countsMs} ms after SIGCONT`);
});

it('Redis killed and restarted: local chat goes on, the nodes subscribe again, no duplicates, counts right', async () => {
  const redis = await startPrivateRedis();
  cleanups.push(() => redis.stop());
  const pair = await startPair(redis.url);
  cleanups.push(() => pair.stop());
  const staged = await stage(pair, 'redis restart');

  await redis.kill();
  await busIs(pair, 'disconnected');
  await localDeliveryHolds(staged, 'down');
  staged.all.v2.disconnect();
  await sleep(500);
  await redis.start();
  const countsMs = await converges(pair, staged, Date.now());
  console.log(`killed Redis: counts right ${countsMs} ms after the restart`);
});
