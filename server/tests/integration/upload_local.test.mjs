// POST /api/v1/streaming/upload on the default (local disk) blob store: a real video attaches to an
// ended stream and is served with Range; every refusal changes nothing (recording_url, files on disk).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { api, register } from './harness.mjs';
import { serverForFile } from './it_helpers.mjs';
import { smallVideo, upload, rawUpload, endedStream } from './upload_helpers.mjs';

const LIMIT = 1 << 20;  // --upload-limit for this file: 1 MiB
let srv;
serverForFile({ args: ['--auth-rate-limit', '0', '--upload-limit', String(LIMIT), '--media', 'false'] }, (s) => { srv = s; });

const files = (streamId) => {
  const d = join(srv.dataDir, 'media', streamId);
  return existsSync(d) ? readdirSync(d).sort() : [];
};
const spool = () => readdirSync(join(srv.dataDir, 'tmp', 'uploads'));
const stream = async (id) => (await api(srv.url, 'GET', `/api/v1/streaming/${id}`)).body.stream;

test('an owner uploads a real video to an ended stream; GET serves it with Range', async () => {
  const owner = await register(srv.url);
  const s = await endedStream(srv.url, owner.token);
  const video = smallVideo();
  const r = await upload(srv.url, { token: owner.token, streamId: s.stream_id, file: video });
  assert.equal(r.status, 200, r.text);
  assert.match(r.body.stream.recording_url, new RegExp(`^/media/${s.stream_id}/upload-[0-9a-f]{12}\\.mp4$`));
  assert.equal((await stream(s.stream_id)).recording_url, r.body.stream.recording_url);
  assert.deepEqual(spool(), []);  // the spooled body is gone

  const whole = await fetch(srv.url + r.body.stream.recording_url);
  assert.equal(whole.status, 200);
  assert.equal(whole.headers.get('content-type'), 'video/mp4');
  assert.equal(whole.headers.get('accept-ranges'), 'bytes');
  assert.ok(Buffer.from(await whole.arrayBuffer()).equals(video));

  const part = await fetch(srv.url + r.body.stream.recording_url, { headers: { range: 'bytes=100-1099' } });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 100-1099/${video.length}`);
  assert.ok(Buffer.from(await part.arrayBuffer()).equals(video.subarray(100, 1100)));

  // A second upload replaces the first, whose file is removed.
  const again = await upload(srv.url, { token: owner.token, streamId: s.stream_id, file: video });
  assert.equal(again.status, 200, again.text);
  assert.notEqual(again.body.stream.recording_url, r.body.stream.recording_url);
  assert.deepEqual(files(s.stream_id), [again.body.stream.recording_url.split('/').pop()]);
  assert.equal((await fetch(srv.url + r.body.stream.recording_url)).status, 404);
});

test('refused uploads change nothing: 401, 403, 404, 409, 413, 415, 400', async () => {
  const owner = await register(srv.url);
  const other = await register(srv.url);
  const s = await endedStream(srv.url, owner.token);
  const video = smallVideo();
  const unchanged = async (r, status, code) => {
    assert.equal(r.status, status, r.text);
    assert.equal(r.body?.error?.code, code, r.text);
    assert.equal((await stream(s.stream_id)).recording_url, null);
    assert.deepEqual(files(s.stream_id), []);
    assert.deepEqual(spool(), []);
  };
  await unchanged(await upload(srv.url, { streamId: s.stream_id, file: video }), 401, 'not_authenticated');
  await unchanged(await upload(srv.url, { token: 'x.y.z', streamId: s.stream_id, file: video }), 401, 'invalid_token');
  await unchanged(await upload(srv.url, { token: other.token, streamId: s.stream_id, file: video }), 403, 'forbidden');
  await unchanged(await upload(srv.url, { token: owner.token, streamId: '00000000-0000-4000-8000-000000000000', file: video }),
    404, 'stream_not_found');
  await unchanged(await upload(srv.url, { token: owner.token, streamId: s.stream_id, file: Buffer.alloc(LIMIT + 1, 1) }),
    413, 'payload_too_large');
  // Declared type not a video; declared video but PNG bytes; MP4 bytes declared as WebM.
  await unchanged(await upload(srv.url, { token: owner.token, streamId: s.stream_id, file: video, type: 'image/png', name: 'a.png' }),
    415, 'unsupported_media_type');
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200)]);
  await unchanged(await upload(srv.url, { token: owner.token, streamId: s.stream_id, file: png }), 415, 'unsupported_media_type');
  await unchanged(await upload(srv.url, { token: owner.token, streamId: s.stream_id, file: video, type: 'video/webm' }),
    415, 'unsupported_media_type');
  await unchanged(await rawUpload(srv.url, { token: owner.token, contentType: 'application/json', body: '{}' }),
    415, 'unsupported_media_type');
  // Malformed multipart: no closing delimiter (a truncated upload); missing parts.
  const b = 'tcB0undary';
  const truncated = `--${b}\r\nContent-Disposition: form-data; name="stream_id"\r\n\r\n${s.stream_id}\r\n--${b}\r\n` +
    'Content-Disposition: form-data; name="video"; filename="a.mp4"\r\nContent-Type: video/mp4\r\n\r\n';
  await unchanged(await rawUpload(srv.url, { token: owner.token, contentType: `multipart/form-data; boundary=${b}`,
    body: Buffer.concat([Buffer.from(truncated), video.subarray(0, 500)]) }), 400, 'malformed_multipart');
  await unchanged(await upload(srv.url, { token: owner.token, file: video }), 400, 'stream_id_required');
  await unchanged(await upload(srv.url, { token: owner.token, streamId: s.stream_id }), 400, 'file_required');
  await unchanged(await upload(srv.url, { token: owner.token, streamId: s.stream_id, file: Buffer.alloc(0) }), 400, 'empty_file');
});

test('a live stream takes no upload (409): recordings attach after the end', async () => {
  const owner = await register(srv.url);
  const c = await api(srv.url, 'POST', '/api/v1/streaming/create', { token: owner.token, body: { title: 'live now' } });
  const id = c.body.stream.stream_id;
  const r = await upload(srv.url, { token: owner.token, streamId: id, file: smallVideo() });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.code, 'stream_live');
  assert.equal((await stream(id)).recording_url, null);
  assert.deepEqual(files(id), []);
});

test('a body over --upload-limit gets 413, nothing is stored, and the next upload works', async () => {
  const owner = await register(srv.url);
  const s = await endedStream(srv.url, owner.token);
  const r = await upload(srv.url, { token: owner.token, streamId: s.stream_id, file: Buffer.alloc(3 * LIMIT, 2) });
  assert.equal(r.status, 413, r.text);
  assert.deepEqual(files(s.stream_id), []);
  assert.deepEqual(spool(), []);
  const ok = await upload(srv.url, { token: owner.token, streamId: s.stream_id, file: smallVideo() });
  assert.equal(ok.status, 200, ok.text);
});
