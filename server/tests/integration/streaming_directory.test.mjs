// The live directory feed and viewers over time (docs/realtime.md "Directory feed", docs/api.md
// "Viewers over time"): a `watch_directory` socket hears stream_started, coalesced directory_update
// counts and stream_ended; a LIVE stream gets viewer-count samples every --viewer-sample-interval
// (short here) and a last one at its end, served by GET /api/v1/streaming/:id/viewers.
import assert from 'node:assert/strict';
import { api, register, itWith } from './harness.mjs';
import { serverForFile, streamingClient, createStream, sleep, waitForEvent as waitFor, eventually } from './it_helpers.mjs';

const ARGS = ['--auth-rate-limit', '0', '--handshake-rate', '0', '--viewer-sample-interval', '300ms'];
let srv;
const { sockets, connect, ack } = streamingClient({ connectMs: 30000, ackMs: 30000 });
serverForFile({ args: ARGS }, (s) => { srv = s; }, sockets);

const it = itWith({ timeout: 90_000 });


const viewers = async (id, query = '') => {
  const r = await api(srv.url, 'GET', `/api/v1/streaming/${id}/viewers${query}`);
  return r;
};


it('a directory watcher hears stream_started, coalesced counts and status, stream_ended; unwatch stops it', async () => {
  const owner = await register(srv.url);
  const watcher = await connect(srv.url, null);  // anonymous pages may watch the directory
  const res = await ack(watcher, 'watch_directory');
  assert.equal(res.ok, true, JSON.stringify(res));

  const started = waitFor(watcher, 'stream_started', () => true, 'stream_started');
  const stream = await createStream(srv.url, owner.token, 'directory feed');
  const sid = stream.stream_id;
  const s = await started;
  assert.equal(s.stream_id, sid);
  assert.equal(s.title, 'directory feed');
  assert.equal(s.status, 'LIVE');
  assert.equal(s.viewer_count, 0);
  assert.equal(typeof s.media_state, 'string');

  // 12 distinct viewers join at once: the watcher gets few updates (coalesced), the last with 12.
  const updates = [];
  watcher.on('directory_update', (p) => updates.push(p));
  const reached = waitFor(watcher, 'directory_update',
    (p) => p.updates.some((u) => u.stream_id === sid && u.viewer_count === 12), 'count 12');
  const fans = await Promise.all(Array.from({ length: 12 }, () => register(srv.url)));
  const fanSockets = await Promise.all(fans.map((f) => connect(srv.url, f.token)));
  await Promise.all(fanSockets.map((f) => ack(f, 'join_stream', { stream_id: sid })));
  const u = (await reached).updates.find((x) => x.stream_id === sid);
  assert.deepEqual(Object.keys(u).sort(), ['media_state', 'status', 'stream_id', 'viewer_count']);
  assert.equal(u.status, 'LIVE');
  const forSid = updates.filter((p) => p.updates.some((x) => x.stream_id === sid));
  assert.ok(forSid.length <= 6, `12 joins cost ${forSid.length} directory updates`);

  // Three leave: the count goes down.
  for (const f of fanSockets.slice(0, 3)) f.disconnect();
  await waitFor(watcher, 'directory_update', (p) => p.updates.some((x) => x.stream_id === sid && x.viewer_count === 9),
    'count 9');

  // The end: stream_ended at once, then an update with status ENDED and no viewers.
  const ended = waitFor(watcher, 'stream_ended', (p) => p.stream_id === sid, 'stream_ended');
  const endedUpdate = waitFor(watcher, 'directory_update',
    (p) => p.updates.some((x) => x.stream_id === sid && x.status === 'ENDED'), 'ENDED update');
  const r = await api(srv.url, 'POST', `/api/v1/streaming/${sid}/end`, { token: owner.token });
  assert.equal(r.status, 200, r.text);
  await ended;
  const e = (await endedUpdate).updates.find((x) => x.stream_id === sid);
  assert.equal(e.viewer_count, 0);
  assert.equal(e.media_state, 'offline');

  // Unwatched: a new stream is not announced to it.
  assert.equal((await ack(watcher, 'unwatch_directory')).ok, true);
  let heard = false;
  watcher.on('stream_started', () => { heard = true; });
  const other = await createStream(srv.url, owner.token, 'not announced');
  await sleep(1500);
  assert.equal(heard, false, 'an unwatched socket heard stream_started');
  await api(srv.url, 'POST', `/api/v1/streaming/${other.stream_id}/end`, { token: owner.token });
});

it('a live stream with sockets joining gets viewer samples; the end adds a last one; points downsample', async () => {
  const owner = await register(srv.url);
  const stream = await createStream(srv.url, owner.token, 'samples');
  const sid = stream.stream_id;
  // Samples exist before anyone joins (zero viewers), then follow the joins.
  await eventually(async () => (await viewers(sid)).body.samples?.length >= 2, 'first samples');
  const fans = await Promise.all(Array.from({ length: 4 }, () => register(srv.url)));
  const fanSockets = await Promise.all(fans.map((f) => connect(srv.url, f.token)));
  await Promise.all(fanSockets.map((f) => ack(f, 'join_stream', { stream_id: sid })));
  const withFour = await eventually(async () => {
    const r = await viewers(sid);
    return r.body.samples.some((p) => p.viewers === 4) && r.body;
  }, 'a sample with 4 viewers');
  assert.equal(withFour.stream_id, sid);
  assert.equal(withFour.status, 'LIVE');
  assert.equal(withFour.interval_ms, 300);
  assert.equal(withFour.samples[0].viewers, 0);
  for (let i = 1; i < withFour.samples.length; i++) assert.ok(withFour.samples[i].t >= withFour.samples[i - 1].t);
  for (const p of withFour.samples) assert.ok(p.peak >= p.viewers);

  fanSockets[0].disconnect();
  await eventually(async () => (await viewers(sid)).body.samples.some((p) => p.viewers === 3), 'a sample with 3');
  await sleep(600);
  const r = await api(srv.url, 'POST', `/api/v1/streaming/${sid}/end`, { token: owner.token });
  assert.equal(r.status, 200, r.text);
  const endedAt = r.body.stream.ended_at;
  const final = await eventually(async () => {
    const b = (await viewers(sid)).body;
    return b.samples.at(-1).t === endedAt && b;
  }, 'the final sample at ended_at');
  assert.equal(final.status, 'ENDED');
  assert.equal(final.samples.at(-1).viewers, 3);
  const count = final.samples.length;
  assert.ok(count >= 5, `only ${count} samples`);
  // Nothing more once ended.
  await sleep(1000);
  assert.equal((await viewers(sid)).body.samples.length, count);

  // Downsampled: at most `points`, the peak kept.
  const two = (await viewers(sid, '?points=2')).body.samples;
  assert.ok(two.length <= 2 && two.length >= 1, JSON.stringify(two));
  assert.equal(Math.max(...two.map((p) => p.peak)), 4);
  assert.equal((await viewers(sid, '?points=0')).status, 400);
  assert.equal((await viewers(sid, '?points=abc')).status, 400);
  assert.equal((await viewers('no-such-stream')).status, 404);
  // Counted in /metrics.
  const metrics = await (await fetch(`${srv.url}/metrics`)).text();
  const written = Number(/^tradecast_viewer_samples_written_total (\d+)/m.exec(metrics)?.[1]);
  assert.ok(written >= count - 1, `samples written: ${written}`);
});
