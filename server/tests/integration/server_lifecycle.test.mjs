// Process-level behaviour: rate limits, bounded password hashing, restart, shutdown, configuration
// precedence, external RS256 tokens and the web UI's static files with Range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSign } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, register, uniqueName, testData } from './harness.mjs';

test('register and login are rate limited per IP with Retry-After', async () => {
  const srv = await startServer({ args: ['--auth-rate-limit', '3/60s'] });
  try {
    for (let i = 0; i < 3; i++) assert.equal((await api(srv.url, 'POST', '/api/v1/auth/register', { body: { username: uniqueName(), password: 'password123' } })).status, 201);
    const r = await api(srv.url, 'POST', '/api/v1/auth/login', { body: { username: 'whoever', password: 'password123' } });
    assert.equal(r.status, 429, r.text);
    assert.equal(r.body.error.code, 'rate_limited');
    assert.ok(+r.headers.get('retry-after') >= 1);
  } finally { await srv.stop(); srv.cleanup(); }
});

test('failed logins are limited per username, even with the right password afterwards', async () => {
  const srv = await startServer({ args: ['--auth-rate-limit', '0', '--login-fail-limit', '2/60s'] });
  try {
    const u = await register(srv.url);
    const other = await register(srv.url);
    for (let i = 0; i < 2; i++) assert.equal((await api(srv.url, 'POST', '/api/v1/auth/login', { body: { username: u.user.username, password: 'nope-nope' } })).status, 401);
    const locked = await api(srv.url, 'POST', '/api/v1/auth/login', { body: { username: u.user.username, password: u.password } });
    assert.equal(locked.status, 429, locked.text);
    assert.ok(+locked.headers.get('retry-after') >= 1);
    // Another account is unaffected.
    assert.equal((await api(srv.url, 'POST', '/api/v1/auth/login', { body: { username: other.user.username, password: other.password } })).status, 200);
  } finally { await srv.stop(); srv.cleanup(); }
});

test('a burst of logins is bounded by the hashing queue: excess gets 503, the server stays up', async () => {
  const srv = await startServer({ args: ['--auth-rate-limit', '0', '--login-fail-limit', '0', '--argon2-cost', 'interactive', '--auth-workers', '1', '--auth-queue', '2'] });
  try {
    const u = await register(srv.url);
    const results = await Promise.all(Array.from({ length: 20 }, () =>
      api(srv.url, 'POST', '/api/v1/auth/login', { body: { username: u.user.username, password: u.password } })));
    const codes = results.map((r) => r.status);
    assert.ok(codes.every((c) => c === 200 || c === 503), codes.join(','));
    assert.ok(codes.filter((c) => c === 503).length >= 10, codes.join(','));
    const busy = results.find((r) => r.status === 503);
    assert.equal(busy.body.error.code, 'server_busy');
    assert.equal(busy.headers.get('retry-after'), '1');
    assert.equal((await api(srv.url, 'GET', '/healthz')).status, 200);
  } finally { await srv.stop(); srv.cleanup(); }
});

test('a restart on the same data dir keeps users, tokens and streams; SIGTERM exits cleanly', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tc-restart-'));
  let srv = await startServer({ dataDir, db: null });
  const u = await register(srv.url);
  const created = await api(srv.url, 'POST', '/api/v1/streaming/create', { token: u.token, body: { title: 'survives restarts' } });
  assert.equal(await srv.stop('SIGTERM'), 0);
  assert.match(srv.log(), /msg=stopped/);

  srv = await startServer({ dataDir, db: null });
  try {
    const me = await api(srv.url, 'GET', '/api/v1/me', { token: u.token });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.user.id, u.user.id);
    const s = await api(srv.url, 'GET', `/api/v1/streaming/${created.body.stream.stream_id}`);
    assert.equal(s.body.stream.title, 'survives restarts');
    assert.equal((await api(srv.url, 'POST', '/api/v1/auth/login', { body: { username: u.user.username, password: u.password } })).status, 200);
  } finally { assert.equal(await srv.stop('SIGINT'), 0); }
});

test('configuration: TOML file < TRADECAST_* env < flags', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tc-config-'));
  const file = join(dir, 'tradecast.toml');
  writeFileSync(file, 'max_live_streams = 1\nauth_rate_limit = "0"\nlog_level = "debug"\n');
  const srv = await startServer({ args: ['--config', file], env: { TRADECAST_MAX_LIVE_STREAMS: '2' } });
  try {
    const u = await register(srv.url);
    const create = (t) => api(srv.url, 'POST', '/api/v1/streaming/create', { token: u.token, body: { title: t } });
    assert.equal((await create('one')).status, 201);
    assert.equal((await create('two')).status, 201);  // env (2) beat the file (1)
    assert.equal((await create('three')).status, 409);
  } finally { await srv.stop(); srv.cleanup(); }

  const flagged = await startServer({ args: ['--config', file, '--max-live-streams', '1'], env: { TRADECAST_MAX_LIVE_STREAMS: '2' } });
  try {
    const u = await register(flagged.url);
    const create = (t) => api(flagged.url, 'POST', '/api/v1/streaming/create', { token: u.token, body: { title: t } });
    assert.equal((await create('one')).status, 201);
    assert.equal((await create('two')).status, 409);  // the flag (1) beat env (2)
  } finally { await flagged.stop(); flagged.cleanup(); }

  writeFileSync(file, 'max_live_stream = 1\n');
  await assert.rejects(startServer({ args: ['--config', file] }), /unknown key 'max_live_stream'/);
});

function rs256(payload) {
  const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = enc({ alg: 'RS256', typ: 'JWT' }) + '.' + enc(payload);
  const sig = createSign('RSA-SHA256').update(head).sign(readFileSync(join(testData, 'external_rs256_private.pem')));
  return head + '.' + sig.toString('base64url');
}

test('an external issuer\'s RS256 tokens are accepted when configured, and its users provisioned', async () => {
  const srv = await startServer({ args: ['--jwt-public-key', join(testData, 'external_rs256_public.pem'), '--jwt-issuer', 'https://platform.example'] });
  try {
    const now = Math.floor(Date.now() / 1000);
    const sub = 'platform-' + Math.random().toString(36).slice(2, 10);
    const token = rs256({ iss: 'https://platform.example', sub, preferred_username: 'desk_trader', exp: now + 300 });
    const me = await api(srv.url, 'GET', '/api/v1/me', { token });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.user.id, sub);
    assert.equal(me.body.user.username, 'desk_trader');
    const s = await api(srv.url, 'POST', '/api/v1/streaming/create', { token, body: { title: 'from the platform' } });
    assert.equal(s.status, 201, s.text);
    assert.equal(s.body.stream.streamer_id, sub);
    const wrongIss = rs256({ iss: 'https://evil.example', sub, exp: now + 300 });
    assert.equal((await api(srv.url, 'GET', '/api/v1/me', { token: wrongIss })).body.error.code, 'invalid_token');
    const expired = rs256({ iss: 'https://platform.example', sub, exp: now - 5 });
    assert.equal((await api(srv.url, 'GET', '/api/v1/me', { token: expired })).body.error.code, 'token_expired');
  } finally { await srv.stop(); srv.cleanup(); }
});

test('the built web UI is served with SPA fallback, cache headers and byte ranges', async () => {
  const web = mkdtempSync(join(tmpdir(), 'tc-web-'));
  mkdirSync(join(web, 'assets'));
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>app</title>');
  const asset = Buffer.from(Array.from({ length: 1000 }, (_, i) => 'abcdefghij'[i % 10]).join(''));
  writeFileSync(join(web, 'assets', 'app-123.js'), asset);
  const srv = await startServer({ args: ['--web-dir', web] });
  try {
    const full = await fetch(srv.url + '/assets/app-123.js');
    assert.equal(full.status, 200);
    assert.match(full.headers.get('cache-control'), /immutable/);
    assert.match(full.headers.get('content-type'), /javascript/);
    assert.equal((await full.text()).length, 1000);
    const part = await fetch(srv.url + '/assets/app-123.js', { headers: { range: 'bytes=10-19' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), 'bytes 10-19/1000');
    assert.equal(await part.text(), 'abcdefghij');
    const tail = await fetch(srv.url + '/assets/app-123.js', { headers: { range: 'bytes=-5' } });
    assert.equal(tail.headers.get('content-range'), 'bytes 995-999/1000');
    const outside = await fetch(srv.url + '/assets/app-123.js', { headers: { range: 'bytes=5000-' } });
    assert.equal(outside.status, 416);
    assert.equal(outside.headers.get('content-range'), 'bytes */1000');
    const route = await fetch(srv.url + '/watch/some-stream');
    assert.equal(route.status, 200);
    assert.match(await route.text(), /<title>app<\/title>/);
    assert.equal((await fetch(srv.url + '/api/v1/unknown')).status, 404);
    // A literal ".." (fetch would normalise it away) never reaches outside the web dir.
    const escaped = await new Promise((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: srv.port, path: '/assets/../../../../etc/passwd' }, (res) => {
        let body = '';
        res.on('data', (d) => { body += d; });
        res.on('end', () => resolve(body));
      }).on('error', reject);
    });
    assert.doesNotMatch(escaped, /root:/);
  } finally { await srv.stop(); srv.cleanup(); }
});
