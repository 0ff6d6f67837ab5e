// Channel moderation with the real socket.io-client: appointed moderators (REST, owner only), bans
// that survive a restart, chat modes (slow, followers-only, subscribers-only, emote-only) and blocked
// terms. Every refused action changes nothing: no broadcast, nothing in history.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, register } from './harness.mjs';
import { streamingClient, createStream, once, sleep } from './it_helpers.mjs';

const { sockets, connect, ack } = streamingClient({ connectMs: 10000, ackMs: 10000 });
const dir = mkdtempSync(join(tmpdir(), 'tc-it-mod-'));
let srv = await startServer({ dataDir: dir });
after(async () => {
  for (const s of sockets) s.disconnect();
  await srv.stop();
  rmSync(dir, { recursive: true, force: true });
});

// Collects every chat_message a socket receives, to show refused lines reach nobody.
function lines(socket) {
  const got = [];
  socket.on('chat_message', (m) => got.push(m.message));
  return got;
}
async function joined(socket, streamId) {
  const ev = once(socket, 'joined_stream');
  assert.equal((await ack(socket, 'join_stream', { stream_id: streamId })).ok, true);
  return (await ev)[0];
}
const history = async (streamId) =>
  (await api(srv.url, 'GET', `/api/v1/streaming/${streamId}/messages`)).body.messages.map((m) => m.message);

let owner, mod, mod2, viewer, streamId;

test('the owner appoints moderators by username or id; nobody else can; the list is public', async () => {
  owner = await register(srv.url);
  mod = await register(srv.url);
  mod2 = await register(srv.url);
  viewer = await register(srv.url);
  const base = `/api/v1/channels/${owner.user.id}/moderators`;
  const refused = await api(srv.url, 'PUT', `${base}/${viewer.user.username}`, { token: mod.token });
  assert.equal(refused.status, 403);
  assert.equal((await api(srv.url, 'PUT', `${base}/${mod.user.username}`)).status, 401);
  assert.equal((await api(srv.url, 'PUT', `${base}/nosuchuser_zz`, { token: owner.token })).body.error.code, 'user_not_found');
  const byName = await api(srv.url, 'PUT', `${base}/${mod.user.username}`, { token: owner.token });
  assert.equal(byName.status, 200, byName.text);
  assert.equal(byName.body.moderator.user_id, mod.user.id);
  const byId = await api(srv.url, 'PUT', `${base}/${mod2.user.id}`, { token: owner.token });
  assert.equal(byId.status, 200);
  const list = await api(srv.url, 'GET', base);
  assert.deepEqual(list.body.moderators.map((m) => m.username).sort(), [mod.user.username, mod2.user.username].sort());
  // Remove and re-add mod2: DELETE by a moderator is refused and changes nothing.
  assert.equal((await api(srv.url, 'DELETE', `${base}/${mod2.user.id}`, { token: mod.token })).status, 403);
  assert.equal((await api(srv.url, 'GET', base)).body.moderators.length, 2);
  assert.equal((await api(srv.url, 'DELETE', `${base}/${mod2.user.id}`, { token: owner.token })).status, 200);
  assert.equal((await api(srv.url, 'DELETE', `${base}/${mod2.user.id}`, { token: owner.token })).body.error.code, 'moderator_not_found');
  assert.equal((await api(srv.url, 'PUT', `${base}/${mod2.user.id}`, { token: owner.token })).status, 200);
});

test('moderators get the badge, delete, time out and ban viewers, but not the streamer or each other', async () => {
  streamId = (await createStream(srv.url, owner.token, 'moderated')).stream_id;
  const so = await connect(srv.url, owner.token);
  const sm = await connect(srv.url, mod.token);
  const sv = await connect(srv.url, viewer.token);
  assert.equal((await joined(so, streamId)).you.role, 'streamer');
  assert.equal((await joined(sm, streamId)).you.role, 'moderator');
  const vj = await joined(sv, streamId);
  assert.deepEqual([vj.you.role, vj.you.banned], ['viewer', false]);
  assert.deepEqual(vj.chat_mode, { slow_mode_seconds: 0, followers_only: false, subscribers_only: false, emote_only: false });

  const badge = once(sv, 'chat_message');
  assert.equal((await ack(sm, 'send_message', { stream_id: streamId, message: 'mod here' })).ok, true);
  assert.equal((await badge)[0].badge, 'moderator');

  // A viewer cannot moderate; a moderator cannot touch the streamer or another moderator.
  assert.equal((await ack(sv, 'ban_user', { stream_id: streamId, user_id: mod.user.id })).error.code, 'not_moderator');
  assert.equal((await ack(sm, 'ban_user', { stream_id: streamId, user_id: owner.user.id })).error.code, 'cannot_moderate');
  assert.equal((await ack(sm, 'timeout_user', { stream_id: streamId, user_id: mod2.user.id })).error.code, 'cannot_moderate');
  const ownerLine = await ack(so, 'send_message', { stream_id: streamId, message: 'owner line' });
  assert.equal((await ack(sm, 'delete_message', { stream_id: streamId, message_id: ownerLine.message_id })).error.code,
    'cannot_moderate');

  // Delete and time out.
  const spam = await ack(sv, 'send_message', { stream_id: streamId, message: 'spam' });
  const deleted = once(so, 'message_deleted');
  assert.equal((await ack(sm, 'delete_message', { stream_id: streamId, message_id: spam.message_id })).ok, true);
  assert.equal((await deleted)[0].message_id, spam.message_id);
  const timedOut = once(so, 'user_timed_out');
  assert.equal((await ack(sm, 'timeout_user', { stream_id: streamId, user_id: viewer.user.id, seconds: 60 })).ok, true);
  assert.equal((await timedOut)[0].user_id, viewer.user.id);
  const muted = await ack(sv, 'send_message', { stream_id: streamId, message: 'let me talk' });
  assert.equal(muted.error.code, 'timed_out');

  // Ban: broadcast, then refused; unban lifts it (and the timeout).
  const seen = lines(so);
  const banned = once(so, 'user_banned');
  assert.equal((await ack(sm, 'ban_user', { stream_id: streamId, user_id: viewer.user.id })).ok, true);
  assert.deepEqual((await banned)[0], { stream_id: streamId, user_id: viewer.user.id });
  assert.equal((await ack(sv, 'send_message', { stream_id: streamId, message: 'banned words' })).error.code, 'banned');
  const bans = await api(srv.url, 'GET', `/api/v1/channels/${owner.user.id}/bans`, { token: mod.token });
  assert.deepEqual(bans.body.bans.map((b) => [b.user_id, b.until]), [[viewer.user.id, null]]);
  assert.equal((await api(srv.url, 'GET', `/api/v1/channels/${owner.user.id}/bans`, { token: viewer.token })).status, 403);
  await sleep(200);
  assert.deepEqual(seen, []);
  assert.ok(!(await history(streamId)).includes('banned words'));
});

test('a ban survives a restart; unban lets the user chat again', async () => {
  await srv.stop();
  srv = await startServer({ dataDir: dir, db: srv.dbUrl });
  streamId = (await createStream(srv.url, owner.token, 'after restart')).stream_id;
  const sm = await connect(srv.url, mod.token);
  const sv = await connect(srv.url, viewer.token);
  await joined(sm, streamId);
  assert.equal((await joined(sv, streamId)).you.banned, true);
  assert.equal((await ack(sv, 'send_message', { stream_id: streamId, message: 'still banned?' })).error.code, 'banned');
  const unbanned = once(sv, 'user_unbanned');
  assert.equal((await ack(sm, 'unban_user', { stream_id: streamId, user_id: viewer.user.id })).ok, true);
  assert.equal((await unbanned)[0].user_id, viewer.user.id);
  assert.equal((await ack(sm, 'unban_user', { stream_id: streamId, user_id: viewer.user.id })).error.code, 'ban_not_found');
  assert.equal((await ack(sv, 'send_message', { stream_id: streamId, message: 'thanks' })).ok, true);
});

test('chat modes: slow, followers-only, subscribers-only and emote-only, moderators exempt', async () => {
  // A viewer who has not chatted yet (slow mode counts from a user's last accepted message).
  const fresh = await register(srv.url);
  const sm = await connect(srv.url, mod.token);
  const sv = await connect(srv.url, fresh.token);
  await joined(sm, streamId);
  await joined(sv, streamId);
  assert.equal((await ack(sv, 'set_chat_mode', { stream_id: streamId, slow_mode_seconds: 5 })).error.code, 'not_moderator');
  assert.equal((await ack(sm, 'set_chat_mode', { stream_id: streamId, slow_mode_seconds: 601 })).error.code, 'invalid_slow_mode');
  assert.equal((await api(srv.url, 'GET', `/api/v1/channels/${owner.user.id}/chat-settings`)).body.chat_mode.slow_mode_seconds, 0);

  const changed = once(sv, 'chat_mode_changed');
  const set = await ack(sm, 'set_chat_mode', { stream_id: streamId, slow_mode_seconds: 30 });
  assert.equal(set.chat_mode.slow_mode_seconds, 30);
  assert.equal((await changed)[0].chat_mode.slow_mode_seconds, 30);
  assert.equal((await ack(sv, 'send_message', { stream_id: streamId, message: 'one' })).ok, true);
  const slow = await ack(sv, 'send_message', { stream_id: streamId, message: 'two' });
  assert.equal(slow.error.code, 'slow_mode');
  assert.ok(slow.error.retry_after_ms > 20000 && slow.error.retry_after_ms <= 30000, String(slow.error.retry_after_ms));
  for (const m of ['m1', 'm2']) assert.equal((await ack(sm, 'send_message', { stream_id: streamId, message: m })).ok, true);

  await ack(sm, 'set_chat_mode', { stream_id: streamId, slow_mode_seconds: 0, followers_only: true });
  assert.equal((await ack(sv, 'send_message', { stream_id: streamId, message: 'hi' })).error.code, 'followers_only');
  const follow = await api(srv.url, 'POST', `/api/v1/channels/${owner.user.id}/subscription`, { token: fresh.token, body: { tier: 'FREE' } });
  assert.equal(follow.status, 201, follow.text);
  assert.equal((await joined(sv, streamId)).chat_mode.followers_only, true);  // the tier is read on join
  const following = await ack(sv, 'send_message', { stream_id: streamId, message: 'following now' });
  assert.equal(following.ok, true, JSON.stringify(following));

  await ack(sm, 'set_chat_mode', { stream_id: streamId, followers_only: false, subscribers_only: true });
  assert.equal((await ack(sv, 'send_message', { stream_id: streamId, message: 'hi' })).error.code, 'subscribers_only');

  await ack(sm, 'set_chat_mode', { stream_id: streamId, subscribers_only: false, emote_only: true });
  assert.equal((await ack(sv, 'send_message', { stream_id: streamId, message: 'words' })).error.code, 'emote_only');
  assert.equal((await ack(sv, 'send_message', { stream_id: streamId, message: '🚀 📈' })).ok, true);
  const mode = (await api(srv.url, 'GET', `/api/v1/channels/${owner.user.id}/chat-settings`)).body.chat_mode;
  assert.deepEqual(mode, { slow_mode_seconds: 0, followers_only: false, subscribers_only: false, emote_only: true });
  await ack(sm, 'set_chat_mode', { stream_id: streamId, emote_only: false });
  const h = await history(streamId);
  for (const refused of ['two', 'hi', 'words']) assert.ok(!h.includes(refused), refused);
});

test('blocked terms: managed by the owner and moderators, matched case- and space-insensitively, not echoed', async () => {
  const path = `/api/v1/channels/${owner.user.id}/blocked-terms`;
  assert.equal((await api(srv.url, 'PUT', path, { token: viewer.token, body: { terms: ['x'] } })).status, 403);
  assert.equal((await api(srv.url, 'PUT', path, { token: mod.token, body: { terms: ['a'.repeat(51)] } })).body.error.code, 'invalid_term');
  assert.equal((await api(srv.url, 'PUT', path, { token: mod.token, body: { terms: Array.from({ length: 101 }, (_, i) => `t${i}`) } })).body.error.code,
    'too_many_terms');
  assert.deepEqual((await api(srv.url, 'GET', path, { token: owner.token })).body.terms, []);
  const put = await api(srv.url, 'PUT', path, { token: mod.token, body: { terms: ['Pump And Dump', 'scam'] } });
  assert.deepEqual(put.body.terms, ['pump and dump', 'scam']);
  assert.equal((await api(srv.url, 'GET', path, { token: viewer.token })).status, 403);

  const so = await connect(srv.url, owner.token);
  const sv = await connect(srv.url, viewer.token);
  await joined(so, streamId);
  await joined(sv, streamId);
  const seen = lines(so);
  const r = await ack(sv, 'send_message', { stream_id: streamId, message: 'total PUMP   and dump here' });
  assert.equal(r.error.code, 'blocked_term');
  assert.equal((await ack(sv, 'send_message', { stream_id: streamId, message: 'a fine trade' })).ok, true);
  await sleep(200);
  assert.deepEqual(seen, ['a fine trade']);
  assert.ok(!(await history(streamId)).some((m) => /dump/i.test(m)));
});
