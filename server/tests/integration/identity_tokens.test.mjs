// Who a token may act as (issue 12): REST and the /streaming socket's CONNECT run the same check.
// A validly signed token for a user that does not exist is refused by both; an external (RS256)
// token never acts as the local user whose id equals its `sub` (issuer + subject map to their own
// user); tokens issued in the future are refused beyond a small clock skew. Real binary, real
// socket.io-client; SQLite by default, MariaDB when TC_IT_MYSQL_URL is set.
import assert from 'node:assert/strict';
import { createHmac, createSign, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, register, testData, itWith } from './harness.mjs';
import { serverForFile, streamingClient, createStream, waitForEvent, once } from './it_helpers.mjs';

const SECRET = 'identity-test-secret-0123456789abcdef';
const ISSUER = 'https://platform.example';
let srv;
const { sockets, connect, ack } = streamingClient({ connectMs: 15000, ackMs: 15000 });
serverForFile({ args: ['--auth-rate-limit', '0', '--handshake-rate', '0', '--jwt-secret', SECRET,
  '--jwt-public-key', join(testData, 'external_rs256_public.pem'), '--operator-key', 'op-key-identity-test'] },
(s) => { srv = s; }, sockets);

const it = itWith({ timeout: 60_000 });
const now = () => Math.floor(Date.now() / 1000);
const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');

// A token signed with the server's own secret, as the server would issue it, for any `sub`.
function hs256(payload) {
  const head = enc({ alg: 'HS256', typ: 'JWT' }) + '.' + enc(payload);
  return head + '.' + createHmac('sha256', SECRET).update(head).digest('base64url');
}
function rs256(payload) {
  const head = enc({ alg: 'RS256', typ: 'JWT' }) + '.' + enc(payload);
  const sig = createSign('RSA-SHA256').update(head).sign(readFileSync(join(testData, 'external_rs256_private.pem')));
  return head + '.' + sig.toString('base64url');
}

// The CONNECT refusal's code (socket.io-client puts CONNECT_ERROR's `data` on the error).
async function connectRefused(token) {
  const err = await connect(srv.url, token).then(() => null, (e) => e);
  assert.ok(err, 'the socket connected although it should have been refused');
  return err.data?.code;
}

async function chatAs(token, streamId, text) {
  const s = await connect(srv.url, token);
  const joined = once(s, 'joined_stream');
  assert.equal((await ack(s, 'join_stream', { stream_id: streamId })).ok, true);
  await joined;
  const line = waitForEvent(s, 'chat_message', (m) => m.message === text, 'own chat line', 15000);
  const res = await ack(s, 'send_message', { stream_id: streamId, message: text });
  assert.equal(res.ok, true, JSON.stringify(res));
  const m = await line;
  s.disconnect();
  return m;
}

it('a validly signed token for a user that does not exist: REST 401 user_not_found, socket CONNECT refused alike', async () => {
  const ghost = hs256({ iss: 'tradecast', sub: randomUUID(), name: 'ghost_user', iat: now(), exp: now() + 300 });
  for (const [method, path, body] of [['GET', '/api/v1/me'], ['GET', '/api/v1/wallet'], ['GET', '/api/v1/wallet/transactions'],
    ['POST', '/api/v1/streaming/create', { title: 'ghost stream' }], ['GET', '/api/v1/subscriptions']]) {
    const r = await api(srv.url, method, path, { token: ghost, body });
    assert.equal(r.status, 401, `${method} ${path}: ${r.text}`);
    assert.equal(r.body.error.code, 'user_not_found', `${method} ${path}`);
  }
  assert.equal(await connectRefused(ghost), 'user_not_found');
  // Nothing was written for the ghost: no stream appeared in the directory under its name.
  const dir = await api(srv.url, 'GET', '/api/v1/streaming?q=ghost');
  assert.equal(dir.body.streams.length, 0);
  // A real user's own token still works on both.
  const alice = await register(srv.url);
  assert.equal((await api(srv.url, 'GET', '/api/v1/me', { token: alice.token })).status, 200);
  (await connect(srv.url, alice.token)).disconnect();
});

it('an RS256 token whose sub is a local user\'s id gets its own user on REST and the socket, never the local one', async () => {
  const local = await register(srv.url);
  const stream = await createStream(srv.url, local.token, 'identity chat');
  const dep = await api(srv.url, 'POST', '/api/v1/wallet/deposits', { headers: { 'x-operator-key': 'op-key-identity-test' },
    body: { user_id: local.user.id, amount_cents: 500, idempotency_key: 'dep-' + randomUUID() } });
  assert.equal(dep.status, 201, dep.text);
  const ext = rs256({ iss: ISSUER, sub: local.user.id, preferred_username: 'impostor', iat: now(), exp: now() + 300 });

  const me = await api(srv.url, 'GET', '/api/v1/me', { token: ext });
  assert.equal(me.status, 200, me.text);
  assert.notEqual(me.body.user.id, local.user.id);
  assert.notEqual(me.body.user.username, local.user.username);
  const again = await api(srv.url, 'GET', '/api/v1/me', { token: ext });
  assert.equal(again.body.user.id, me.body.user.id, 'the same issuer + subject is the same user every time');
  const wallet = await api(srv.url, 'GET', '/api/v1/wallet', { token: ext });
  assert.equal(wallet.body.balance_cents, 0, 'the local user\'s money is not the external user\'s');
  assert.equal((await api(srv.url, 'GET', '/api/v1/wallet', { token: local.token })).body.balance_cents, 500);
  // Another issuer with the same subject is yet another user.
  const other = rs256({ iss: 'https://other.example', sub: local.user.id, preferred_username: 'impostor', iat: now(), exp: now() + 300 });
  const otherMe = await api(srv.url, 'GET', '/api/v1/me', { token: other });
  assert.equal(otherMe.status, 200, otherMe.text);
  assert.notEqual(otherMe.body.user.id, local.user.id);
  assert.notEqual(otherMe.body.user.id, me.body.user.id);

  // The socket: chat lines carry the external user's own id, the local user's carry theirs.
  const extLine = await chatAs(ext, stream.stream_id, 'hello from outside');
  assert.equal(extLine.user_id, me.body.user.id);
  assert.equal(extLine.username, me.body.user.username);
  const localLine = await chatAs(local.token, stream.stream_id, 'hello from inside');
  assert.equal(localLine.user_id, local.user.id);
  // The external user may not end the local user's stream.
  const end = await api(srv.url, 'POST', `/api/v1/streaming/${stream.stream_id}/end`, { token: ext });
  assert.equal(end.status, 403, end.text);
});

it('tokens issued in the future are refused beyond 60 s of clock skew, REST and socket; within it accepted', async () => {
  const alice = await register(srv.url);
  const future = hs256({ iss: 'tradecast', sub: alice.user.id, name: alice.user.username, iat: now() + 3600, exp: now() + 7200 });
  const r = await api(srv.url, 'GET', '/api/v1/me', { token: future });
  assert.equal(r.status, 401, r.text);
  assert.equal(r.body.error.code, 'token_not_yet_valid');
  assert.equal(await connectRefused(future), 'token_not_yet_valid');
  const extFuture = rs256({ iss: ISSUER, sub: 'ext-' + randomUUID(), iat: now() + 600, exp: now() + 3600 });
  assert.equal((await api(srv.url, 'GET', '/api/v1/me', { token: extFuture })).body.error.code, 'token_not_yet_valid');
  const notBefore = rs256({ iss: ISSUER, sub: 'ext-' + randomUUID(), iat: now(), nbf: now() + 600, exp: now() + 3600 });
  assert.equal((await api(srv.url, 'GET', '/api/v1/me', { token: notBefore })).body.error.code, 'token_not_yet_valid');
  const badIat = hs256({ iss: 'tradecast', sub: alice.user.id, name: alice.user.username, iat: 'yesterday', exp: now() + 300 });
  assert.equal((await api(srv.url, 'GET', '/api/v1/me', { token: badIat })).body.error.code, 'invalid_token');
  // A clock 30 s ahead of ours is tolerated.
  const skewed = hs256({ iss: 'tradecast', sub: alice.user.id, name: alice.user.username, iat: now() + 30, exp: now() + 300 });
  assert.equal((await api(srv.url, 'GET', '/api/v1/me', { token: skewed })).status, 200);
  (await connect(srv.url, skewed)).disconnect();
});
