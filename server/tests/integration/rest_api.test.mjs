// The REST API of the foundation issue, every endpoint and error case, against the real binary.
// Runs on SQLite, and on MariaDB when TC_IT_MYSQL_URL is set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, register, uniqueName, backend } from './harness.mjs';
import { sleep } from './waits.mjs';

let srv;
before(async () => { srv = await startServer({ args: ['--auth-rate-limit', '0'] }); });
after(async () => { await srv.stop(); srv.cleanup(); });

const err = (r, status, code) => {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body?.error?.code, code, r.text);
  assert.equal(typeof r.body.error.message, 'string');
};

test(`[${backend}] healthz answers with the database status, metrics are Prometheus text`, async () => {
  const h = await api(srv.url, 'GET', '/healthz');
  assert.equal(h.status, 200);
  // One node without --redis: its bus is the in-process one (issue 12: /healthz names the bus state).
  assert.deepEqual(h.body, { status: 'ok', db: 'ok', bus: 'in-process', dialect: backend });
  const m = await fetch(srv.url + '/metrics');
  assert.match(m.headers.get('content-type'), /text\/plain/);
  const text = await m.text();
  assert.match(text, /# TYPE tradecast_http_requests_total counter/);
  assert.match(text, /tradecast_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
});

test(`[${backend}] register, login and me`, async () => {
  const name = uniqueName('Trader');
  const reg = await api(srv.url, 'POST', '/api/v1/auth/register', { body: { username: name, password: 'password123' } });
  assert.equal(reg.status, 201, reg.text);
  assert.equal(reg.body.user.username, name);
  assert.match(reg.body.user.id, /^[0-9a-f-]{36}$/);
  assert.equal(typeof reg.body.token, 'string');
  assert.ok(reg.body.expires_at > Date.now());

  const login = await api(srv.url, 'POST', '/api/v1/auth/login', { body: { username: name.toLowerCase(), password: 'password123' } });
  assert.equal(login.status, 200, login.text);
  assert.equal(login.body.user.id, reg.body.user.id);

  const me = await api(srv.url, 'GET', '/api/v1/me', { token: login.body.token });
  assert.equal(me.status, 200);
  assert.equal(me.body.user.id, reg.body.user.id);
  assert.equal(me.body.user.username, name);
  assert.equal(me.body.user.password_hash, undefined);
});

test(`[${backend}] registration errors, each with its own code, and nothing stored`, async () => {
  const taken = await register(srv.url);
  const cases = [
    [{ username: taken.user.username.toUpperCase(), password: 'password123' }, 409, 'username_taken'],
    [{ username: 'ab', password: 'password123' }, 400, 'username_too_short'],
    [{ username: 'a'.repeat(33), password: 'password123' }, 400, 'username_too_long'],
    [{ username: 'bad name', password: 'password123' }, 400, 'username_invalid_chars'],
    [{ username: '_under', password: 'password123' }, 400, 'username_invalid_start'],
    [{ username: 'admin', password: 'password123' }, 400, 'username_reserved'],
    [{ username: uniqueName(), password: 'short' }, 400, 'password_too_short'],
    [{ username: uniqueName(), password: 'p'.repeat(129) }, 400, 'password_too_long'],
    [{ username: uniqueName() }, 400, 'missing_field'],
    [{ username: 42, password: 'password123' }, 400, 'invalid_field'],
  ];
  for (const [body, status, code] of cases) {
    err(await api(srv.url, 'POST', '/api/v1/auth/register', { body }), status, code);
  }
  err(await api(srv.url, 'POST', '/api/v1/auth/register', { raw: '{"username":', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
  err(await api(srv.url, 'POST', '/api/v1/auth/register', { raw: '[1,2]' }), 400, 'invalid_body');
  // None of the refused names can log in: nothing was stored.
  err(await api(srv.url, 'POST', '/api/v1/auth/login', { body: { username: 'ab', password: 'password123' } }), 401, 'invalid_credentials');
});

test(`[${backend}] login and token errors`, async () => {
  const u = await register(srv.url);
  err(await api(srv.url, 'POST', '/api/v1/auth/login', { body: { username: u.user.username, password: 'wrong-password' } }), 401, 'invalid_credentials');
  err(await api(srv.url, 'POST', '/api/v1/auth/login', { body: { username: uniqueName('nobody'), password: 'password123' } }), 401, 'invalid_credentials');
  const none = await api(srv.url, 'GET', '/api/v1/me');
  err(none, 401, 'not_authenticated');
  assert.equal(none.headers.get('www-authenticate'), 'Bearer');
  err(await api(srv.url, 'GET', '/api/v1/me', { token: u.token + 'x' }), 401, 'invalid_token');
  err(await api(srv.url, 'GET', '/api/v1/me', { headers: { authorization: 'Basic abc' } }), 401, 'invalid_token');
});

test(`[${backend}] create a stream: the streamer is the token's user`, async () => {
  const u = await register(srv.url);
  const other = await register(srv.url);
  const r = await api(srv.url, 'POST', '/api/v1/streaming/create', {
    token: u.token,
    body: { title: '  BTC open 📈  ', description: 'levels\nand plans', category: 'Crypto', user_id: other.user.id, streamer_id: other.user.id },
  });
  assert.equal(r.status, 201, r.text);
  const s = r.body.stream;
  assert.match(s.stream_id, /^[0-9a-f-]{36}$/);
  assert.equal(s.streamer_id, u.user.id);
  assert.equal(s.streamer_username, u.user.username);
  assert.equal(s.title, 'BTC open 📈');
  assert.equal(s.description, 'levels\nand plans');
  assert.equal(s.category, 'crypto');
  assert.equal(s.status, 'LIVE');
  assert.equal(s.viewer_count, 0);
  assert.equal(s.peak_viewers, 0);
  assert.equal(s.is_recording, true);
  assert.equal(s.ended_at, null);
  assert.ok(Math.abs(s.started_at - Date.now()) < 60_000);

  const got = await api(srv.url, 'GET', `/api/v1/streaming/${s.stream_id}`);
  assert.equal(got.status, 200);
  assert.deepEqual(got.body.stream, s);
});

test(`[${backend}] create-stream errors change nothing`, async () => {
  const u = await register(srv.url);
  const bad = [
    [{}, 400, 'title_required'],
    [{ title: '   ' }, 400, 'title_required'],
    [{ title: 'x'.repeat(141) }, 400, 'title_too_long'],
    [{ title: 'ok', description: 'd'.repeat(2001) }, 400, 'description_too_long'],
    [{ title: 'ok', category: '<b>' }, 400, 'invalid_category'],
    [{ title: 'bad\u0007bell' }, 400, 'invalid_text'],
    [{ title: 5 }, 400, 'invalid_field'],
  ];
  for (const [body, status, code] of bad) {
    err(await api(srv.url, 'POST', '/api/v1/streaming/create', { token: u.token, body }), status, code);
  }
  err(await api(srv.url, 'POST', '/api/v1/streaming/create', { body: { title: 'anon' } }), 401, 'not_authenticated');
  const mine = await api(srv.url, 'GET', `/api/v1/streaming?streamer_id=${u.user.id}`);
  assert.equal(mine.body.streams.length, 0);

  for (let i = 0; i < 3; i++) {
    assert.equal((await api(srv.url, 'POST', '/api/v1/streaming/create', { token: u.token, body: { title: `s${i}` } })).status, 201);
  }
  err(await api(srv.url, 'POST', '/api/v1/streaming/create', { token: u.token, body: { title: 'fourth' } }), 409, 'too_many_live_streams');
  assert.equal((await api(srv.url, 'GET', `/api/v1/streaming?streamer_id=${u.user.id}`)).body.streams.length, 3);
});

test(`[${backend}] only the owner ends a stream; ending twice is idempotent`, async () => {
  const owner = await register(srv.url);
  const other = await register(srv.url);
  const { body } = await api(srv.url, 'POST', '/api/v1/streaming/create', { token: owner.token, body: { title: 'end me' } });
  const id = body.stream.stream_id;
  err(await api(srv.url, 'POST', `/api/v1/streaming/${id}/end`, { token: other.token }), 403, 'forbidden');
  err(await api(srv.url, 'POST', `/api/v1/streaming/${id}/end`), 401, 'not_authenticated');
  assert.equal((await api(srv.url, 'GET', `/api/v1/streaming/${id}`)).body.stream.status, 'LIVE');

  await sleep(1100);
  const ended = await api(srv.url, 'POST', `/api/v1/streaming/${id}/end`, { token: owner.token });
  assert.equal(ended.status, 200, ended.text);
  assert.equal(ended.body.stream.status, 'ENDED');
  assert.ok(ended.body.stream.ended_at >= ended.body.stream.started_at + 1000);
  assert.ok(ended.body.stream.duration_seconds >= 1);
  const again = await api(srv.url, 'POST', `/api/v1/streaming/${id}/end`, { token: owner.token });
  assert.equal(again.status, 200);
  assert.equal(again.body.stream.ended_at, ended.body.stream.ended_at);

  err(await api(srv.url, 'POST', '/api/v1/streaming/0b4f6a3e-9d0c-4e4b-8a71-2f3c9e1d5a77/end', { token: owner.token }), 404, 'stream_not_found');
  err(await api(srv.url, 'GET', '/api/v1/streaming/0b4f6a3e-9d0c-4e4b-8a71-2f3c9e1d5a77'), 404, 'stream_not_found');
  err(await api(srv.url, 'GET', '/api/v1/streaming/not-a-uuid'), 404, 'stream_not_found');
});

test(`[${backend}] the directory filters, searches and pages`, async () => {
  const cat = 'cat' + Math.random().toString(36).slice(2, 8);
  const users = await Promise.all([register(srv.url), register(srv.url), register(srv.url)]);
  const ids = [];
  for (let i = 0; i < 7; i++) {
    const r = await api(srv.url, 'POST', '/api/v1/streaming/create', {
      token: users[i % 3].token, body: { title: i === 3 ? `Gold ${cat} breakout` : `stream ${i}`, category: cat },
    });
    assert.equal(r.status, 201, r.text);
    ids.push(r.body.stream.stream_id);
  }
  await api(srv.url, 'POST', `/api/v1/streaming/${ids[0]}/end`, { token: users[0].token });

  const seen = [];
  let cursor = null;
  for (let page = 0; page < 10; page++) {
    const q = `/api/v1/streaming?category=${cat}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const r = await api(srv.url, 'GET', q);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.streams.length <= 3);
    seen.push(...r.body.streams.map((s) => s.stream_id));
    cursor = r.body.next_cursor;
    if (!cursor) break;
  }
  assert.deepEqual([...seen].sort(), [...ids].sort());
  assert.equal(new Set(seen).size, 7);

  const live = await api(srv.url, 'GET', `/api/v1/streaming?status=LIVE&category=${cat}`);
  assert.equal(live.body.streams.length, 6);
  assert.ok(live.body.streams.every((s) => s.status === 'LIVE'));
  const found = await api(srv.url, 'GET', `/api/v1/streaming?q=${encodeURIComponent('GOLD ' + cat)}`);
  assert.deepEqual(found.body.streams.map((s) => s.stream_id), [ids[3]]);

  err(await api(srv.url, 'GET', '/api/v1/streaming?status=PAUSED'), 400, 'invalid_status');
  err(await api(srv.url, 'GET', '/api/v1/streaming?limit=0'), 400, 'invalid_limit');
  err(await api(srv.url, 'GET', '/api/v1/streaming?limit=abc'), 400, 'invalid_limit');
  err(await api(srv.url, 'GET', '/api/v1/streaming?limit=101'), 400, 'invalid_limit');
  err(await api(srv.url, 'GET', '/api/v1/streaming?cursor=forged'), 400, 'invalid_cursor');
  err(await api(srv.url, 'GET', `/api/v1/streaming?q=${'q'.repeat(101)}`), 400, 'query_too_long');
});

test(`[${backend}] transport limits and unknown routes`, async () => {
  const u = await register(srv.url);
  const big = JSON.stringify({ title: 'big', description: 'x'.repeat(70 * 1024) });
  err(await api(srv.url, 'POST', '/api/v1/streaming/create', { token: u.token, raw: big, headers: { 'content-type': 'application/json' } }), 413, 'payload_too_large');
  assert.equal((await api(srv.url, 'GET', `/api/v1/streaming?streamer_id=${u.user.id}`)).body.streams.length, 0);

  const wrong = await api(srv.url, 'DELETE', '/api/v1/auth/login');
  err(wrong, 405, 'method_not_allowed');
  assert.equal(wrong.headers.get('allow'), 'POST');
  err(await api(srv.url, 'GET', '/api/v1/nothing-here'), 404, 'not_found');
  const rid = await api(srv.url, 'GET', '/healthz', { headers: { 'x-request-id': 'trace-123' } });
  assert.equal(rid.headers.get('x-request-id'), 'trace-123');
  assert.match((await api(srv.url, 'GET', '/healthz')).headers.get('x-request-id'), /^[0-9a-f]{16}$/);

  const page = await fetch(srv.url + '/');
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /text\/html/);
  assert.match(await page.text(), /Tradecast/);
});
