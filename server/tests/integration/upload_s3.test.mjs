// Recordings on an S3-compatible store: s3rver (@20minutes/s3rver, which verifies SigV4 signatures)
// behind --blob-store s3. Uploads land in the bucket (multipart above --s3-part-size), GET answers
// 302 to a presigned URL the client follows with Range, and failures leave nothing behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, register, startServer } from './harness.mjs';
import { stopServer, sleep } from './it_helpers.mjs';
import { smallVideo, bigMatroska, upload, endedStream, startS3, s3Args } from './upload_helpers.mjs';

const PART = 5 << 20;  // the smallest part size S3 allows
let s3, srv;
before(async () => {
  s3 = await startS3();
  srv = await startServer({ args: ['--auth-rate-limit', '0', '--media', 'false', '--s3-part-size', String(PART),
    ...s3Args(s3)] });
});
after(async () => {
  if (srv) await stopServer(srv);
  if (s3) await s3.stop();
});

const sha = (b) => createHash('sha256').update(b).digest('hex');
const stream = async (id) => (await api(srv.url, 'GET', `/api/v1/streaming/${id}`)).body.stream;

test('[s3] an upload lands in the bucket; GET redirects to a presigned URL that serves Range', async () => {
  const owner = await register(srv.url);
  const s = await endedStream(srv.url, owner.token);
  const video = smallVideo();
  const r = await upload(srv.url, { token: owner.token, streamId: s.stream_id, file: video });
  assert.equal(r.status, 200, r.text);
  const url = r.body.stream.recording_url;
  const key = url.replace('/media/', '');
  assert.deepEqual(s3.keys(s.stream_id), [key]);
  assert.ok(s3.object(key).equals(video), 'the bucket holds the exact bytes');
  assert.ok(!existsSync(join(srv.dataDir, 'media', s.stream_id)), 'nothing kept on local disk');

  const redirect = await fetch(srv.url + url, { redirect: 'manual' });
  assert.equal(redirect.status, 302);
  const location = redirect.headers.get('location');
  assert.ok(location.startsWith(`${s3.url}/vod/${key}?`), location);
  assert.match(location, /X-Amz-Signature=[0-9a-f]{64}/);

  // What a <video> element does: follow the redirect with a Range header, then seek.
  const head = await fetch(srv.url + url, { headers: { range: 'bytes=0-99' } });
  assert.equal(head.status, 206);
  assert.equal(head.headers.get('content-range'), `bytes 0-99/${video.length}`);
  assert.ok(Buffer.from(await head.arrayBuffer()).equals(video.subarray(0, 100)));
  const seek = await fetch(srv.url + url, { headers: { range: `bytes=${video.length - 500}-` } });
  assert.equal(seek.status, 206);
  assert.ok(Buffer.from(await seek.arrayBuffer()).equals(video.subarray(video.length - 500)));

  // A tampered signature is refused by the bucket: the presigned URL is what authorises the read.
  const forged = location.replace(/X-Amz-Signature=[0-9a-f]{4}/, 'X-Amz-Signature=0000');
  assert.equal((await fetch(forged)).status, 403);
});

test('[s3] a file larger than one part goes up as a multipart upload, byte for byte', async () => {
  const owner = await register(srv.url);
  const s = await endedStream(srv.url, owner.token);
  const big = bigMatroska(2 * PART + 12345);  // three parts
  const r = await upload(srv.url, { token: owner.token, streamId: s.stream_id, file: big, type: 'video/x-matroska', name: 'big.mkv' });
  assert.equal(r.status, 200, r.text);
  const key = r.body.stream.recording_url.replace('/media/', '');
  assert.match(key, /\.mkv$/);
  const stored = s3.object(key);
  assert.ok(stored, 'object in the bucket');
  assert.equal(sha(stored), sha(big));
  const tail = await fetch(srv.url + r.body.stream.recording_url, { headers: { range: `bytes=${PART - 10}-${PART + 9}` } });
  assert.equal(tail.status, 206);
  assert.ok(Buffer.from(await tail.arrayBuffer()).equals(big.subarray(PART - 10, PART + 10)));
});

test('[s3] refused uploads leave the bucket and the stream unchanged; a missing object is 404', async () => {
  const owner = await register(srv.url);
  const other = await register(srv.url);
  const s = await endedStream(srv.url, owner.token);
  const video = smallVideo();
  for (const [req, status] of [
    [{ streamId: s.stream_id, file: video }, 401],
    [{ token: other.token, streamId: s.stream_id, file: video }, 403],
    [{ token: owner.token, streamId: s.stream_id, file: video, type: 'text/plain', name: 'a.txt' }, 415],
  ]) {
    const r = await upload(srv.url, req);
    assert.equal(r.status, status, r.text);
    assert.deepEqual(s3.keys(s.stream_id), []);
    assert.equal((await stream(s.stream_id)).recording_url, null);
  }
  const missing = await api(srv.url, 'GET', `/media/${s.stream_id}/recording.mkv`);
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, 'not_found');
});

test('[s3] wrong credentials: the bucket refuses the signature, the upload fails with 503 and changes nothing', async () => {
  const bad = await startServer({ args: ['--auth-rate-limit', '0', '--media', 'false', ...s3Args(s3, 'not-the-secret')] });
  try {
    const owner = await register(bad.url);
    const s = await endedStream(bad.url, owner.token);
    const r = await upload(bad.url, { token: owner.token, streamId: s.stream_id, file: smallVideo() });
    assert.equal(r.status, 503, r.text);
    assert.equal(r.body.error.code, 'blob_unavailable');
    assert.deepEqual(s3.keys(s.stream_id), []);
    const after = await api(bad.url, 'GET', `/api/v1/streaming/${s.stream_id}`);
    assert.equal(after.body.stream.recording_url, null);
  } finally {
    await stopServer(bad);
  }
});

test('[s3] on start, finished recordings still on local disk (a cut-short upload, a switch from local) go to the bucket', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tc-resume-'));
  try {
    const first = await startServer({ args: ['--auth-rate-limit', '0', '--media', 'false'], dataDir, db: null });
    const owner = await register(first.url);
    const s = await endedStream(first.url, owner.token);
    await stopServer(first);
    // What media leaves when a stream ends: the closed recording and the last thumbnail.
    const local = join(dataDir, 'media', s.stream_id);
    mkdirSync(local, { recursive: true });
    const recording = bigMatroska(1000);
    writeFileSync(join(local, 'recording.mkv'), recording);
    writeFileSync(join(local, 'thumbnail.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));

    const second = await startServer({ args: ['--auth-rate-limit', '0', '--media', 'false', ...s3Args(s3)], dataDir, db: null });
    try {
      let st;
      for (let i = 0; i < 100 && !st?.recording_url; i++) {
        await sleep(100);
        st = (await api(second.url, 'GET', `/api/v1/streaming/${s.stream_id}`)).body.stream;
      }
      assert.equal(st.recording_url, `/media/${s.stream_id}/recording.mkv`);
      assert.ok(s3.object(`${s.stream_id}/recording.mkv`)?.equals(recording));
      for (let i = 0; i < 50 && existsSync(join(local, 'thumbnail.jpg')); i++) await sleep(100);
      assert.ok(s3.object(`${s.stream_id}/thumbnail.jpg`));
      assert.ok(!existsSync(join(local, 'recording.mkv')) && !existsSync(join(local, 'thumbnail.jpg')), 'local copies removed');
    } finally {
      await stopServer(second);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
