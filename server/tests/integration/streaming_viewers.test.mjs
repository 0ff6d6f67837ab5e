// Viewer counting on the /streaming namespace: one user in several tabs counts once, viewer_joined /
// viewer_left are coalesced (200 joins do not cost every client 200 events), REST stats and the stream
// row follow, and watch sessions are closed when the stream ends and across restarts (docs/realtime.md).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as pathJoin } from 'node:path';
import { startServer, api, register, itWith } from './harness.mjs';
import { serverForFile, streamingClient, createStream as createStreamTitled, sleep, once, eventually as poll } from './it_helpers.mjs';

const COMMON = ['--auth-rate-limit', '0', '--handshake-rate', '0'];
let srv;
const { sockets, connect, ack } = streamingClient({ connectMs: 30000, ackMs: 30000 });

serverForFile({ args: COMMON }, (s) => { srv = s; }, sockets);

const it = itWith({ timeout: 90_000 });
// Polls `fn` until it returns a value that is not a failed check ({ok: false}).
const eventually = (fn, what, ms = 20000) => poll(fn, what, ms, { interval: 150, accept: (last) => last && last.ok !== false });

const createStream = (base, token, title = 'viewers test') => createStreamTitled(base, token, title);

async function join(socket, streamId) {
  const res = await ack(socket, 'join_stream', { stream_id: streamId });
  assert.equal(res.ok, true, JSON.stringify(res));
  return res;
}

// Every viewer_joined / viewer_left the socket gets, in order.
function countEvents(socket) {
  const got = [];
  socket.on('viewer_joined', (p) => got.push({ kind: 'joined', ...p }));
  socket.on('viewer_left', (p) => got.push({ kind: 'left', ...p }));
  return got;
}
const lastCount = (events) => (events.length ? events[events.length - 1].viewer_count : undefined);

const stats = async (base, id) => {
  const r = await api(base, 'GET', `/api/v1/streaming/${id}/stats`);
  assert.equal(r.status, 200, r.text);
  return r.body.stats;
};

it('one user in two tabs counts once; viewer_joined/left carry {stream_id, viewer_count}; stats follow', async () => {
  const owner = await register(srv.url);
  const fan = await register(srv.url);
  const stream = await createStream(srv.url, owner.token);
  const sid = stream.stream_id;
  const o = await connect(srv.url, owner.token);
  const events = countEvents(o);
  assert.equal((await join(o, sid)).viewer_count, 1);

  const tab1 = await connect(srv.url, fan.token);
  const tab2 = await connect(srv.url, fan.token);
  assert.equal((await join(tab1, sid)).viewer_count, 2);
  assert.equal((await join(tab2, sid)).viewer_count, 2, 'a second tab of the same user does not count');
  const anon = await connect(srv.url);
  assert.equal((await join(anon, sid)).viewer_count, 3);

  let s = await stats(srv.url, sid);
  assert.equal(s.current_viewers, 3);
  assert.equal(s.peak_viewers, 3);
  assert.equal(s.stream_id, sid);
  await eventually(() => lastCount(events) === 3, 'viewer_joined with viewer_count 3');
  for (const e of events) {
    assert.equal(e.stream_id, sid);
    assert.ok(Number.isInteger(e.viewer_count));
  }
  assert.equal(events[events.length - 1].kind, 'joined');

  assert.equal((await ack(o, 'send_message', { stream_id: sid, message: 'one' })).ok, true);
  assert.equal((await ack(tab1, 'send_message', { stream_id: sid, message: 'two' })).ok, true);
  s = await stats(srv.url, sid);
  assert.equal(s.message_count, 2, 'acknowledged messages count at once');

  // One tab leaves: the user still watches.
  assert.equal((await ack(tab1, 'leave_stream')).ok, true);
  assert.equal((await stats(srv.url, sid)).current_viewers, 3);
  tab2.disconnect();
  anon.disconnect();
  await eventually(async () => (await stats(srv.url, sid)).current_viewers === 1, 'current_viewers 1 after leaves');
  await eventually(() => lastCount(events) === 1, 'viewer_left with viewer_count 1');
  assert.equal(events[events.length - 1].kind, 'left');
  await sleep(800);
  assert.equal(lastCount(events), 1, 'the last count event stays at 1');

  s = await eventually(async () => {
    const st = await stats(srv.url, sid);
    return st.viewer_sessions === 2 ? st : { ok: false, st };
  }, 'two closed watch sessions (fan, anonymous)');
  assert.equal(s.current_viewers, 1);
  assert.equal(s.peak_viewers, 3);
  assert.equal(s.message_count, 2);
  assert.equal(s.total_tips_cents, 0);
  assert.equal(typeof s.avg_watch_time, 'number');
  assert.ok(s.avg_watch_time >= 0);

  // The stream row catches up within a second or so.
  await eventually(async () => {
    const r = await api(srv.url, 'GET', `/api/v1/streaming/${sid}`);
    return r.body.stream.viewer_count === 1 && r.body.stream.peak_viewers === 3 ? true : { ok: false, stream: r.body.stream };
  }, 'streams.viewer_count 1 and peak_viewers 3');
  o.disconnect();
  tab1.disconnect();
});

it('200 anonymous viewers joining: counts are coalesced (each client gets far fewer than 200 events)', async () => {
  const owner = await register(srv.url);
  const stream = await createStream(srv.url, owner.token);
  const sid = stream.stream_id;
  const N = 200;
  const clients = [];
  for (let i = 0; i < N; i += 20) {
    clients.push(...await Promise.all(Array.from({ length: Math.min(20, N - i) }, () => connect(srv.url))));
  }
  const evs = clients.map(countEvents);
  // Join in waves of 25 without waiting in between more than the acks.
  for (let i = 0; i < N; i += 25) await Promise.all(clients.slice(i, i + 25).map((c) => join(c, sid)));
  await eventually(() => evs.every((e) => lastCount(e) === N) || { ok: false, first: lastCount(evs[0]), some: evs.map(lastCount).filter((c) => c !== N).length },
    `every client sees viewer_count ${N}`, 30000);
  assert.equal((await stats(srv.url, sid)).current_viewers, N);
  const most = Math.max(...evs.map((e) => e.length));
  const total = evs.reduce((n, e) => n + e.length, 0);
  if (process.env.TC_IT_VERBOSE) console.log(`count events: at most ${most} per client, ${total} in all`);
  assert.ok(most < 50, `a client got ${most} count events for ${N} joins`);
  assert.ok(total < N * 50, `${total} count events in all`);

  for (let i = 0; i < N; i += 50) for (const c of clients.slice(i, i + 50)) c.disconnect();
  await eventually(async () => (await stats(srv.url, sid)).current_viewers === 0, 'current_viewers 0');
  const s = await eventually(async () => {
    const st = await stats(srv.url, sid);
    return st.viewer_sessions === N ? st : { ok: false, st };
  }, `${N} closed watch sessions`, 30000);
  assert.equal(s.peak_viewers, N);
}, 180_000);

it('ending the stream closes every watch session; current_viewers 0, peak kept', async () => {
  const owner = await register(srv.url);
  const fan = await register(srv.url);
  const stream = await createStream(srv.url, owner.token);
  const sid = stream.stream_id;
  const socks = [await connect(srv.url, owner.token), await connect(srv.url, fan.token), await connect(srv.url)];
  for (const s of socks) await join(s, sid);
  assert.equal((await stats(srv.url, sid)).viewer_sessions, 0, 'nobody has left yet');
  const ended = socks.map((s) => once(s, 'stream_ended'));
  const r = await api(srv.url, 'POST', `/api/v1/streaming/${sid}/end`, { token: owner.token });
  assert.equal(r.status, 200, r.text);
  await Promise.all(ended);
  const s = await eventually(async () => {
    const st = await stats(srv.url, sid);
    return st.viewer_sessions === 3 ? st : { ok: false, st };
  }, 'three closed watch sessions after the end');
  assert.equal(s.current_viewers, 0);
  assert.equal(s.peak_viewers, 3);
  // Disconnecting afterwards does not open or close anything more.
  for (const so of socks) so.disconnect();
  await sleep(1200);
  assert.equal((await stats(srv.url, sid)).viewer_sessions, 3);
  const row = await api(srv.url, 'GET', `/api/v1/streaming/${sid}`);
  assert.equal(row.body.stream.status, 'ENDED');
  assert.equal(row.body.stream.peak_viewers, 3);
});

async function restartCase(signal) {
  const dir = mkdtempSync(pathJoin(tmpdir(), 'tc-it-viewers-'));
  let s1;
  let s2;
  try {
    s1 = await startServer({ dataDir: dir, args: COMMON });
    const owner = await register(s1.url);
    const stream = await createStream(s1.url, owner.token);
    const sid = stream.stream_id;
    const socks = [await connect(s1.url, owner.token), await connect(s1.url), await connect(s1.url)];
    for (const so of socks) await join(so, sid);
    // The count reaching the stream row means the same periodic write stored the open sessions.
    await eventually(async () => (await api(s1.url, 'GET', `/api/v1/streaming/${sid}`)).body.stream.viewer_count === 3,
      'streams.viewer_count 3');
    assert.equal((await stats(s1.url, sid)).viewer_sessions, 0);
    const dbUrl = s1.dbUrl;
    await s1.stop(signal);
    s1 = null;  // stopped (the harness's stop() would wait forever on a process killed by a signal)
    for (const so of socks) so.disconnect();

    s2 = await startServer({ dataDir: dir, db: dbUrl, args: COMMON });
    const st = await stats(s2.url, sid);
    assert.equal(st.viewer_sessions, 3, `watch sessions closed after ${signal} and restart`);
    assert.equal(st.current_viewers, 0);
    assert.equal(st.peak_viewers, 3);
    assert.ok(st.avg_watch_time >= 0);
  } finally {
    if (s1) await s1.stop();
    if (s2) await s2.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

it('watch sessions are closed by a clean shutdown (SIGTERM) and counted after the restart', () => restartCase('SIGTERM'), 120_000);
it('watch sessions left open by a crash (SIGKILL) are closed at the next start', () => restartCase('SIGKILL'), 120_000);
