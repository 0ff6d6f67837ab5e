// Two tradecast nodes on one database and one Redis (--redis): room events cross nodes. A viewer on
// node A and a streamer on node B see each other's chat (same message id), tips, moderation, viewer
// counts summed over both nodes, and the stream's end. Redis failing under them (hung, killed, back):
// multinode_redis_outage.test.mjs. Real binaries, real Redis, real socket.io-client. On MariaDB when
// TC_IT_MYSQL_URL is set, else both nodes share one SQLite file (docs/realtime.md "Several nodes").
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, register, itWith } from './harness.mjs';
import { createStream, sleep, once, stopServer, eventually } from './it_helpers.mjs';
import { OPERATOR_KEY, key } from './money_helpers.mjs';
import { startPair, connect, ack, join, collect, countWatcher } from './multinode_helpers.mjs';

const REDIS = process.env.TC_IT_REDIS_URL || 'redis://127.0.0.1:6379';
const it = itWith({ timeout: 90_000 });

let pair;
before(async () => { pair = await startPair(REDIS); });
after(async () => { if (pair) await pair.stop(); });

it('chat sent on node B reaches node A with the same message id; a late joiner on A gets it in recent_messages', async () => {
  const { a, b } = pair;
  const streamer = await register(b.url);
  const fan = await register(a.url);
  const stream = await createStream(b.url, streamer.token, 'multi-node chat');
  const sid = stream.stream_id;
  const onA = await connect(a.url, fan.token);
  const onB = await connect(b.url, streamer.token);
  await join(onA, sid);
  await join(onB, sid);
  const gotA = collect(onA, 'chat_message');
  const gotB = collect(onB, 'chat_message');

  // The first messages may go out before A's subscription is live in Redis: keep sending until one
  // arrives, then check the one after that arrives exactly once, with its id.
  await eventually(async () => {
    await ack(onB, 'send_message', { stream_id: sid, message: 'warm-up' });
    await sleep(150);
    return gotA.length > 0;
  }, 'A receives a message sent on B');
  const sent = await ack(onB, 'send_message', { stream_id: sid, message: 'hello from B 🎉' });
  assert.equal(sent.ok, true, JSON.stringify(sent));
  const onAMsg = await eventually(() => gotA.find((m) => m.message_id === sent.message_id), 'message on A');
  assert.equal(onAMsg.message, 'hello from B 🎉');
  assert.equal(onAMsg.user_id, streamer.user.id);
  assert.equal(onAMsg.badge, 'streamer');
  await eventually(() => gotB.find((m) => m.message_id === sent.message_id), 'message on B (sender)');

  // And the other way, A → B.
  const back = await ack(onA, 'send_message', { stream_id: sid, message: 'hi from A' });
  assert.equal(back.ok, true, JSON.stringify(back));
  const onBMsg = await eventually(() => gotB.find((m) => m.message_id === back.message_id), 'message on B');
  assert.equal(onBMsg.username, fan.user.username);
  await sleep(300);
  assert.equal(gotA.filter((m) => m.message_id === sent.message_id).length, 1, 'delivered once on A');
  assert.equal(gotB.filter((m) => m.message_id === back.message_id).length, 1, 'delivered once on B');

  const late = await connect(a.url);
  const joined = once(late, 'joined_stream');
  await join(late, sid);
  const [payload] = await joined;
  assert.ok(payload.recent_messages.some((m) => m.message_id === sent.message_id),
    'a message sent on B is in recent_messages on A');
});

it('viewer counts on both nodes sum the viewers of both nodes', async () => {
  const { a, b } = pair;
  const streamer = await register(b.url);
  const fan1 = await register(a.url);
  const fan2 = await register(a.url);
  const sid = (await createStream(b.url, streamer.token, 'multi-node counts')).stream_id;
  const s = await connect(b.url, streamer.token);
  const ws = countWatcher(s, (await join(s, sid)).viewer_count);
  const v1 = await connect(a.url, fan1.token);
  const w1 = countWatcher(v1, (await join(v1, sid)).viewer_count);
  await eventually(() => ws.count === 2 && w1.count === 2, `2 on both nodes (B says ${ws.count}, A says ${w1.count})`);

  const v2 = await connect(a.url, fan2.token);
  const w2 = countWatcher(v2, (await join(v2, sid)).viewer_count);
  const anon = await connect(b.url);
  await join(anon, sid);
  await eventually(() => ws.count === 4 && w1.count === 4 && w2.count === 4,
    `4 on both nodes (B ${ws.count}, A ${w1.count}/${w2.count})`);

  // REST on either node sees the sum, and the stream row (written by the nodes) follows.
  const statsOn = async (srv) => (await api(srv.url, 'GET', `/api/v1/streaming/${sid}/stats`)).body.stats;
  assert.equal((await statsOn(a)).current_viewers, 4);
  assert.equal((await statsOn(b)).current_viewers, 4);
  // A third node with no viewer of the stream answers from the stream row the serving nodes write.
  const c = await startServer({ args: pair.args, db: pair.db });
  try {
    await eventually(async () => (await statsOn(c)).current_viewers === 4, 'stats on a node without viewers');
  } finally {
    await stopServer(c);
  }

  v2.disconnect();
  await eventually(() => ws.count === 3 && w1.count === 3, `3 after a viewer on A left (B ${ws.count}, A ${w1.count})`);
  anon.disconnect();
  await eventually(() => ws.count === 2 && w1.count === 2, `2 after a viewer on B left (B ${ws.count}, A ${w1.count})`);
  await eventually(async () => (await api(a.url, 'GET', `/api/v1/streaming/${sid}`)).body.stream.peak_viewers >= 4,
    'peak_viewers 4 in the stream row');
});

it('a tip paid through node A reaches the streamer on node B (tip_received and the TIP chat line)', async () => {
  const { a, b } = pair;
  const streamer = await register(b.url);
  const fan = await register(a.url);
  const r = await api(a.url, 'POST', '/api/v1/wallet/deposits', {
    headers: { 'x-operator-key': OPERATOR_KEY }, body: { user_id: fan.user.id, amount_cents: 5000, idempotency_key: key('dep') },
  });
  assert.equal(r.status, 201, r.text);
  const sid = (await createStream(b.url, streamer.token, 'multi-node tips')).stream_id;
  const s = await connect(b.url, streamer.token);
  await join(s, sid);
  const v = await connect(a.url, fan.token);
  await join(v, sid);
  const tipsOnB = collect(s, 'tip_received');
  const linesOnB = collect(s, 'chat_message');
  // Wait until the nodes hear each other (the count on B includes A's viewer).
  const wb = countWatcher(s, 1);
  await eventually(() => wb.count === 2, 'B counts the viewer on A');

  const res = await ack(v, 'send_tip', { stream_id: sid, amount_cents: 1234, message: 'gl', idempotency_key: key('tip') });
  assert.equal(res.ok, true, JSON.stringify(res));
  const got = await eventually(() => tipsOnB.find((t) => t.tip_id === res.tip.tip_id), 'tip_received on B');
  assert.equal(got.amount_cents, 1234);
  assert.equal(got.from_user, fan.user.id);
  const line = await eventually(() => linesOnB.find((m) => m.message_type === 'TIP'), 'TIP chat line on B');
  assert.equal(line.tip_amount_cents, 1234);
  assert.equal(line.message, 'gl');
});

it('moderation from node B holds on node A: timeout refuses the user there; message_deleted reaches A', async () => {
  const { a, b } = pair;
  const streamer = await register(b.url);
  const fan = await register(a.url);
  const sid = (await createStream(b.url, streamer.token, 'multi-node moderation')).stream_id;
  const s = await connect(b.url, streamer.token);
  await join(s, sid);
  const v = await connect(a.url, fan.token);
  await join(v, sid);
  const wb = countWatcher(s, 1);
  await eventually(() => wb.count === 2, 'B counts the viewer on A');

  const said = await ack(v, 'send_message', { stream_id: sid, message: 'spam' });
  assert.equal(said.ok, true, JSON.stringify(said));
  const deletedOnA = collect(v, 'message_deleted');
  // A writes its chat in batches (500 ms): B can delete the message once it is stored.
  await eventually(async () => (await ack(s, 'delete_message', { stream_id: sid, message_id: said.message_id })).ok,
    'delete_message on B succeeds');
  await eventually(() => deletedOnA.find((d) => d.message_id === said.message_id), 'message_deleted on A');

  const timedOutOnA = collect(v, 'user_timed_out');
  const t = await ack(s, 'timeout_user', { stream_id: sid, user_id: fan.user.id, seconds: 60 });
  assert.equal(t.ok, true, JSON.stringify(t));
  await eventually(() => timedOutOnA.find((e) => e.user_id === fan.user.id), 'user_timed_out on A');
  const refused = await ack(v, 'send_message', { stream_id: sid, message: 'still here?' });
  assert.equal(refused.ok, false);
  assert.equal(refused.error.code, 'timed_out');
});

it('ban, unban and the chat mode set on node B hold on node A at once (user_banned, chat_mode_changed cross)', async () => {
  const { a, b } = pair;
  const streamer = await register(b.url);
  const fan = await register(a.url);
  const sid = (await createStream(b.url, streamer.token, 'multi-node bans')).stream_id;
  const s = await connect(b.url, streamer.token);
  await join(s, sid);
  const v = await connect(a.url, fan.token);
  await join(v, sid);
  const wb = countWatcher(s, 1);
  await eventually(() => wb.count === 2, 'B counts the viewer on A');

  const modeOnA = collect(v, 'chat_mode_changed');
  assert.equal((await ack(s, 'set_chat_mode', { stream_id: sid, emote_only: true })).ok, true);
  await eventually(() => modeOnA.find((m) => m.chat_mode.emote_only === true), 'chat_mode_changed on A');
  assert.equal((await ack(v, 'send_message', { stream_id: sid, message: 'words' })).error?.code, 'emote_only');
  assert.equal((await ack(s, 'set_chat_mode', { stream_id: sid, emote_only: false })).ok, true);
  await eventually(() => modeOnA.find((m) => m.chat_mode.emote_only === false), 'emote-only off on A');

  const bannedOnA = collect(v, 'user_banned');
  assert.equal((await ack(s, 'ban_user', { stream_id: sid, user_id: fan.user.id })).ok, true);
  await eventually(() => bannedOnA.find((e) => e.user_id === fan.user.id), 'user_banned on A');
  assert.equal((await ack(v, 'send_message', { stream_id: sid, message: 'banned?' })).error?.code, 'banned');
  const unbannedOnA = collect(v, 'user_unbanned');
  assert.equal((await ack(s, 'unban_user', { stream_id: sid, user_id: fan.user.id })).ok, true);
  await eventually(() => unbannedOnA.find((e) => e.user_id === fan.user.id), 'user_unbanned on A');
  const back = await ack(v, 'send_message', { stream_id: sid, message: 'back again' });
  assert.equal(back.ok, true, JSON.stringify(back));
});

it('ending the stream on node B sends stream_ended to the viewers on node A', async () => {
  const { a, b } = pair;
  const streamer = await register(b.url);
  const sid = (await createStream(b.url, streamer.token, 'multi-node end')).stream_id;
  const v = await connect(a.url);
  await join(v, sid);
  const s = await connect(b.url, streamer.token);
  await join(s, sid);
  const wb = countWatcher(s, 1);
  await eventually(() => wb.count === 2, 'B counts the viewer on A');
  const ended = once(v, 'stream_ended', 20000);
  const r = await api(b.url, 'POST', `/api/v1/streaming/${sid}/end`, { token: streamer.token });
  assert.equal(r.status, 200, r.text);
  const [payload] = await ended;
  assert.equal(payload.stream_id, sid);
  assert.ok(Number.isInteger(payload.duration));
  const after = await ack(v, 'send_reaction', { stream_id: sid, emoji: '🔥' });
  assert.equal(after.ok, false);
  assert.equal(after.error.code, 'not_in_stream');
});

it('the directory feed crosses nodes: a watcher on A hears a stream created and ended on B, and its count', async () => {
  const { a, b } = pair;
  const streamer = await register(b.url);
  const w = await connect(a.url);
  const started = collect(w, 'stream_started');
  const endedEv = collect(w, 'stream_ended');
  const updates = collect(w, 'directory_update');
  assert.equal((await ack(w, 'watch_directory')).ok, true);
  const sid = (await createStream(b.url, streamer.token, 'multi-node directory')).stream_id;
  await eventually(() => started.find((s) => s.stream_id === sid), 'stream_started on A for a stream created on B');
  // A viewer on B only: A's watcher learns the count from B's directory_update.
  const v = await connect(b.url);
  await join(v, sid);
  await eventually(() => updates.some((u) => u.updates.some((e) => e.stream_id === sid && e.viewer_count === 1)),
    'directory_update on A with the viewer on B');
  const r = await api(b.url, 'POST', `/api/v1/streaming/${sid}/end`, { token: streamer.token });
  assert.equal(r.status, 200, r.text);
  await eventually(() => endedEv.find((e) => e.stream_id === sid), 'stream_ended on A for a stream ended on B');
});
