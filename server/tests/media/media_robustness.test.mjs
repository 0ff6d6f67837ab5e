// Robustness without a browser: resolution change mid-stream, publisher loss and reconnect within
// the grace period (same stream, one recording), streams that end by themselves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, register } from '../integration/harness.mjs';
import { sleep } from '../integration/waits.mjs';
import { startProbe, waitFor, ffprobe, decodeAll, mediaArgs } from './media_helpers.mjs';

let srv;
let owner;
before(async () => {
  // Short grace and wait so the "ends by itself" cases finish quickly; the wait still has to cover
  // a probe's start-up on a loaded box (4 s did not: streams ended before their publisher's POST).
  srv = await startServer({ args: [...mediaArgs, '--auth-rate-limit', '0', '--publish-grace', '12s', '--publish-wait', '10s'], db: null });
  owner = await register(srv.url);
});
after(async () => { await srv.stop(); srv.cleanup(); });

const create = async () => {
  const r = await api(srv.url, 'POST', '/api/v1/streaming/create', { token: owner.token, body: { title: 'robust' } });
  assert.equal(r.status, 201, r.text);
  return r.body.stream.stream_id;
};
const stats = async (id) => (await api(srv.url, 'GET', `/api/v1/streaming/${id}/stats`)).body.stats;
const stream = async (id) => (await api(srv.url, 'GET', `/api/v1/streaming/${id}`)).body.stream;

test('a resolution change mid-stream keeps recording, HLS and viewers working', async (t) => {
  const id = await create();
  const pub = await startProbe(srv.url, 'publish', `/api/v1/streaming/${id}/whip`,
    { token: owner.token, args: ['--width', '320', '--height', '180', '--switch-after', '4', '--width2', '1280', '--height2', '720'] });
  t.after(() => pub.stop());
  assert.equal(pub.status, 201, pub.text);
  await waitFor('320x180', async () => (await stats(id)).media?.width === 320);
  const viewer = await startProbe(srv.url, 'play', `/api/v1/streaming/${id}/whep`);
  t.after(() => viewer.stop());
  assert.equal(viewer.status, 201, viewer.text);
  await waitFor('1280x720 at the server', async () => (await stats(id)).media?.width === 1280);
  const seen = await waitFor('1280x720 at the viewer', () => (viewer.last()?.width === 1280 && viewer.last()));
  assert.equal(seen.height, 720);
  await sleep(3000);
  const { media } = await stats(id);
  const ended = await api(srv.url, 'POST', `/api/v1/streaming/${id}/end`, { token: owner.token });
  assert.equal(ended.body.stream.recording_url, `/media/${id}/recording.mkv`);
  const rec = `${srv.dataDir}/media/${id}/recording.mkv`;
  // Packets lost on a starved loopback are normal; a frame decoded without its references is not.
  try { decodeAll(rec); } catch (e) {
    throw new Error(`recording does not decode (${media.lost_packets} RTP packets lost, ${media.dropped_frames} frames held back): ${e.stderr || e.message}`);
  }
  // Frames after the change decode at the new size (ffprobe reports the first SPS only).
  const late = ffprobe(rec, ['-read_intervals', '%+#1000', '-select_streams', 'v', '-show_frames', '-show_entries', 'frame=width,height']);
  const sizes = new Set(late.frames.map((f) => `${f.width}x${f.height}`));
  assert.ok(sizes.has('320x180') && sizes.has('1280x720'), [...sizes].join(','));
  decodeAll(`${srv.dataDir}/media/${id}/hls/index.m3u8`);
  const hls = ffprobe(`${srv.dataDir}/media/${id}/hls/index.m3u8`, ['-select_streams', 'v', '-show_frames', '-show_entries', 'frame=width']);
  assert.ok(hls.frames.some((f) => f.width === 1280) && hls.frames.some((f) => f.width === 320));
});

test('packet loss costs frames, never a broken picture, in the recording and HLS', async (t) => {
  const id = await create();
  // 3 % of the video RTP packets never leave the publisher: sequence gaps at the server.
  const pub = await startProbe(srv.url, 'publish', `/api/v1/streaming/${id}/whip`, { token: owner.token, args: ['--loss', '0.03'] });
  t.after(() => pub.stop());
  assert.equal(pub.status, 201, pub.text);
  const media = await waitFor('losses seen', async () => { const m = (await stats(id)).media; return m?.lost_packets > 3 && m.frames > 150 && m; }, { timeout: 30000 });
  t.diagnostic(`${media.lost_packets} RTP packets lost, ${media.dropped_frames} frames held back, ${media.frames} sent`);
  const ended = await api(srv.url, 'POST', `/api/v1/streaming/${id}/end`, { token: owner.token });
  assert.equal(ended.body.stream.recording_url, `/media/${id}/recording.mkv`);
  const info = ffprobe(`${srv.dataDir}/media/${id}/recording.mkv`, ['-select_streams', 'v', '-count_frames']);
  assert.ok(+info.streams[0].nb_read_frames > 100, `recorded ${info.streams[0].nb_read_frames} frames`);
  try { decodeAll(`${srv.dataDir}/media/${id}/recording.mkv`); decodeAll(`${srv.dataDir}/media/${id}/hls/index.m3u8`); } catch (e) {
    throw new Error(`after ${media.lost_packets} lost packets: ${e.stderr || e.message}`);
  }
});

test('a publisher that drops and comes back within the grace period continues the same stream', async () => {
  const id = await create();
  const first = await startProbe(srv.url, 'publish', `/api/v1/streaming/${id}/whip`, { token: owner.token });
  assert.equal(first.status, 201, first.text);
  await waitFor('live', async () => (await stream(id)).media_state === 'live');
  await sleep(3000);
  first.kill();  // no DELETE, no ICE goodbye: the server notices the silence
  await waitFor('reconnecting', async () => (await stream(id)).media_state === 'reconnecting', { timeout: 15000 });
  const s = await stream(id);
  assert.equal(s.status, 'LIVE');

  const second = await startProbe(srv.url, 'publish', `/api/v1/streaming/${id}/whip`, { token: owner.token });
  assert.equal(second.status, 201, second.text);
  await waitFor('live again', async () => (await stream(id)).media_state === 'live');
  await sleep(3000);

  // WHIP DELETE ends the stream and closes the recording.
  const del = await api(srv.url, 'DELETE', second.location, { token: owner.token });
  assert.equal(del.status, 200, del.text);
  await second.stop();
  const ended = await stream(id);
  assert.equal(ended.status, 'ENDED');
  assert.equal(ended.media_state, 'offline');
  assert.equal(ended.recording_url, `/media/${id}/recording.mkv`);
  const info = ffprobe(`${srv.dataDir}/media/${id}/recording.mkv`);
  // One file spans both sessions and the gap between them.
  const d = +info.format.duration;
  assert.ok(Math.abs(d - ended.duration_seconds) <= 3, `recording ${d} s vs stream ${ended.duration_seconds} s`);
  decodeAll(`${srv.dataDir}/media/${id}/recording.mkv`);
});

test('a stream nobody publishes to ends by itself; so does one whose publisher never comes back', async () => {
  const idle = await create();
  assert.equal((await stream(idle)).media_state, 'waiting');
  const gone = await create();
  const pub = await startProbe(srv.url, 'publish', `/api/v1/streaming/${gone}/whip`, { token: owner.token });
  assert.equal(pub.status, 201, pub.text);
  await waitFor('live', async () => (await stream(gone)).media_state === 'live');
  await sleep(2000);
  pub.kill();

  const a = await waitFor('idle stream ended', async () => { const s = await stream(idle); return s.status === 'ENDED' && s; }, { timeout: 25000 });
  assert.equal(a.media_state, 'offline');
  assert.equal(a.recording_url, null, 'nothing was published, nothing recorded');
  // (The row turns ENDED a moment before the closed recording is attached: wait for both.)
  const b = await waitFor('abandoned stream ended', async () => { const s = await stream(gone); return s.status === 'ENDED' && s.recording_url && s; }, { timeout: 40000 });
  assert.equal(b.recording_url, `/media/${gone}/recording.mkv`);
  assert.equal(b.thumbnail_url, `/media/${gone}/thumbnail.jpg`);
});

test('streams left live by a previous run wait for their publisher again, then end by themselves', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tc-media-restart-'));
  try {
    const first = await startServer({ args: [...mediaArgs, '--auth-rate-limit', '0'], dataDir: dir, db: null });
    const user = await register(first.url);
    const id = (await api(first.url, 'POST', '/api/v1/streaming/create', { token: user.token, body: { title: 'left' } })).body.stream.stream_id;
    assert.equal(await first.stop(), 0);
    const second = await startServer({ args: [...mediaArgs, '--publish-wait', '3s'], dataDir: dir, db: null });
    try {
      assert.equal((await api(second.url, 'GET', `/api/v1/streaming/${id}`)).body.stream.media_state, 'waiting');
      await waitFor('ended', async () => (await api(second.url, 'GET', `/api/v1/streaming/${id}`)).body.stream.status === 'ENDED', { timeout: 15000 });
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
