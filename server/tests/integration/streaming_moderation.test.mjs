// Chat moderation on /streaming: the streamer deletes messages and times users out; nobody else can.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, register } from './harness.mjs';
import { serverForFile, streamingClient, waitForEvent } from './it_helpers.mjs';

let srv;
const { sockets, connect: open, ack } = streamingClient({ connectMs: 10000, ackMs: 10000 });
serverForFile({}, (s) => { srv = s; }, sockets);

const connect = (token) => open(srv.url, token);
const nextEvent = (s, name, ms = 10000) => waitForEvent(s, name, () => true, `next ${name}`, ms);

test('the streamer deletes a message and times a viewer out; viewers cannot moderate', async () => {
  const owner = await register(srv.url);
  const viewer = await register(srv.url);
  const created = await api(srv.url, 'POST', '/api/v1/streaming/create', { token: owner.token, body: { title: 'mod' } });
  assert.equal(created.status, 201);
  const streamId = created.body.stream.stream_id;
  const so = await connect(owner.token);
  const sv = await connect(viewer.token);
  assert.equal((await ack(so, 'join_stream', { stream_id: streamId })).ok, true);
  assert.equal((await ack(sv, 'join_stream', { stream_id: streamId })).ok, true);

  const bad = await ack(sv, 'send_message', { stream_id: streamId, message: 'spam spam' });
  const keep = await ack(sv, 'send_message', { stream_id: streamId, message: 'a fine message' });
  assert.equal(bad.ok, true);

  // A viewer may not moderate.
  const refused = await ack(sv, 'delete_message', { stream_id: streamId, message_id: keep.message_id });
  assert.deepEqual([refused.ok, refused.error.code], [false, 'not_moderator']);
  const refused2 = await ack(sv, 'timeout_user', { stream_id: streamId, user_id: owner.user?.id ?? 'x' });
  assert.equal(refused2.error.code, 'not_moderator');

  // The streamer deletes: everyone is told, history and late joiners no longer see it.
  const told = nextEvent(sv, 'message_deleted');
  const del = await ack(so, 'delete_message', { stream_id: streamId, message_id: bad.message_id });
  assert.equal(del.ok, true);
  assert.deepEqual(await told, { stream_id: streamId, message_id: bad.message_id });
  const again = await ack(so, 'delete_message', { stream_id: streamId, message_id: bad.message_id });
  assert.equal(again.error.code, 'message_not_found');
  const history = await api(srv.url, 'GET', `/api/v1/streaming/${streamId}/messages`);
  assert.deepEqual(history.body.messages.map((m) => m.message), ['a fine message']);
  const late = await connect();
  late.emit('join_stream', { stream_id: streamId });
  const joined = await nextEvent(late, 'joined_stream');
  assert.deepEqual(joined.recent_messages.map((m) => m.message), ['a fine message']);

  // Timeout: the viewer is refused until it ends; bad input changes nothing.
  const viewerId = (await api(srv.url, 'GET', '/api/v1/me', { token: viewer.token })).body.user.id;
  assert.equal((await ack(so, 'timeout_user', { stream_id: streamId, user_id: viewerId, seconds: 0 })).error.code,
    'invalid_seconds');
  const timedOutEvent = nextEvent(sv, 'user_timed_out');
  const to = await ack(so, 'timeout_user', { stream_id: streamId, user_id: viewerId, seconds: 60 });
  assert.equal(to.ok, true);
  const ev = await timedOutEvent;
  assert.equal(ev.user_id, viewerId);
  assert.ok(ev.until > Date.now() + 50_000);
  const muted = await ack(sv, 'send_message', { stream_id: streamId, message: 'can I talk?' });
  assert.equal(muted.ok, false);
  assert.equal(muted.error.code, 'timed_out');
  assert.ok(muted.error.retry_after > 0 && muted.error.retry_after <= 60);
  // The streamer is never timed out of their own chat.
  assert.equal((await ack(so, 'send_message', { stream_id: streamId, message: 'still here' })).ok, true);
});
