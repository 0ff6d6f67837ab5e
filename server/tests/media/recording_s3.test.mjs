// With --blob-store s3, the server recording of a live stream ends up in the bucket (s3rver, which
// checks signatures): a GStreamer test pattern publishes over WHIP, the stream ends, the closed
// recording and the last thumbnail are uploaded, the local copies removed, and /media/… redirects
// to presigned URLs that serve Range. ICE pinned to 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, register } from '../integration/harness.mjs';
import { startS3, s3Args } from '../integration/upload_helpers.mjs';
import { sleep } from '../integration/waits.mjs';
import { startProbe, waitFor, ffprobe, mediaArgs } from './media_helpers.mjs';

let s3, srv;
before(async () => {
  s3 = await startS3();
  srv = await startServer({ args: [...mediaArgs, '--auth-rate-limit', '0', ...s3Args(s3)], db: null });
});
after(async () => {
  if (srv) { await srv.stop(); srv.cleanup(); }
  if (s3) await s3.stop();
});

test('[s3] a live recording and its last thumbnail are stored in the bucket after the end', async (t) => {
  const owner = await register(srv.url);
  const c = await api(srv.url, 'POST', '/api/v1/streaming/create', { token: owner.token, body: { title: 's3 rec' } });
  assert.equal(c.status, 201, c.text);
  const id = c.body.stream.stream_id;
  const pub = await startProbe(srv.url, 'publish', `/api/v1/streaming/${id}/whip`, { token: owner.token });
  t.after(() => pub.stop());
  assert.equal(pub.status, 201, pub.text);
  await waitFor('live with a thumbnail', async () => {
    const s = (await api(srv.url, 'GET', `/api/v1/streaming/${id}`)).body.stream;
    return s.media_state === 'live' && s.thumbnail_url ? s : null;
  });
  // While live the thumbnail is a local file, served directly.
  const liveThumb = await fetch(`${srv.url}/media/${id}/thumbnail.jpg`, { redirect: 'manual' });
  assert.equal(liveThumb.status, 200);
  await sleep(3000);

  const ended = await api(srv.url, 'POST', `/api/v1/streaming/${id}/end`, { token: owner.token });
  assert.equal(ended.status, 200, ended.text);
  await pub.stop();
  // The upload runs after the reply: recording_url appears once the object is stored.
  const done = await waitFor('recording_url after the S3 upload', async () => {
    const s = (await api(srv.url, 'GET', `/api/v1/streaming/${id}`)).body.stream;
    return s.recording_url ? s : null;
  }, { timeout: 30000 });
  assert.equal(done.recording_url, `/media/${id}/recording.mkv`);
  assert.equal(done.thumbnail_url, `/media/${id}/thumbnail.jpg`);
  await waitFor('thumbnail in the bucket', () => s3.keys(id).includes(`${id}/thumbnail.jpg`));
  assert.deepEqual(s3.keys(id), [`${id}/recording.mkv`, `${id}/thumbnail.jpg`]);
  assert.ok(!existsSync(join(srv.dataDir, 'media', id, 'recording.mkv')), 'the local recording is removed');
  assert.ok(!existsSync(join(srv.dataDir, 'media', id, 'thumbnail.jpg')), 'the local thumbnail is removed');

  // The object in the bucket is a playable recording of about the stream's length.
  const dir = mkdtempSync(join(tmpdir(), 'tc-s3rec-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'rec.mkv');
  writeFileSync(file, s3.object(`${id}/recording.mkv`));
  const info = ffprobe(file);
  assert.deepEqual(info.streams.map((x) => x.codec_name).sort(), ['h264', 'opus']);
  assert.ok(+info.format.duration > 2, `duration ${info.format.duration}`);
  const jpeg = s3.object(`${id}/thumbnail.jpg`);
  assert.equal(jpeg[0], 0xff);
  assert.equal(jpeg[1], 0xd8);

  // Served through presigned redirects, with Range.
  const redirect = await fetch(srv.url + done.recording_url, { redirect: 'manual' });
  assert.equal(redirect.status, 302);
  assert.ok(redirect.headers.get('location').startsWith(`${s3.url}/vod/${id}/recording.mkv?`));
  const range = await fetch(srv.url + done.recording_url, { headers: { range: 'bytes=0-99' } });
  assert.equal(range.status, 206);
  assert.ok(Buffer.from(await range.arrayBuffer()).equals(s3.object(`${id}/recording.mkv`).subarray(0, 100)));
  const thumb = await fetch(srv.url + done.thumbnail_url);
  assert.equal(thumb.status, 200);
  assert.equal(thumb.headers.get('content-type'), 'image/jpeg');
});
