// S3 down when a recording is uploaded (issue 12 §3), against the real binary and s3rver: the live
// streams keep flowing, the upload is retried with a bound, and the VOD says where it is —
// recording_state pending, then stored (S3 came back in time) or failed (it did not; the file stays
// on local disk for the next start) — never silently missing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, register } from '../integration/harness.mjs';
import { startS3, s3Args } from '../integration/upload_helpers.mjs';
import { sleep } from '../integration/waits.mjs';
import { startProbe, waitFor, mediaArgs } from './media_helpers.mjs';

let s3, srv, owner;
before(async () => {
  s3 = await startS3();
  srv = await startServer({ args: [...mediaArgs, '--auth-rate-limit', '0', ...s3Args(s3)], db: null });
  owner = await register(srv.url);
});
after(async () => {
  if (srv) { await srv.stop(); srv.cleanup(); }
  if (s3) await s3.stop();
});

const stream = async (id) => (await api(srv.url, 'GET', `/api/v1/streaming/${id}`)).body.stream;
const frames = async (id) => (await api(srv.url, 'GET', `/api/v1/streaming/${id}/stats`)).body.stats?.media?.frames ?? 0;

async function live(t, title) {
  const c = await api(srv.url, 'POST', '/api/v1/streaming/create', { token: owner.token, body: { title } });
  assert.equal(c.status, 201, c.text);
  const id = c.body.stream.stream_id;
  const pub = await startProbe(srv.url, 'publish', `/api/v1/streaming/${id}/whip`, { token: owner.token });
  t.after(() => pub.stop());
  assert.equal(pub.status, 201, pub.text);
  await waitFor(`${title} live`, async () => (await frames(id)) > 30);
  return { id, pub };
}

async function end(id) {
  const r = await api(srv.url, 'POST', `/api/v1/streaming/${id}/end`, { token: owner.token });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.stream.recording_state, 'pending', 'the reply to end says the upload is pending');
  assert.equal(r.body.stream.recording_url, null);
}

test('[s3 down] the upload waits for S3 and lands when it is back; live streams are untouched', async (t) => {
  const other = await live(t, 'stays live');
  const ending = await live(t, 'ends while S3 is down');
  await s3.pause();
  t.after(() => s3.resume().catch(() => {}));
  await end(ending.id);
  await ending.pub.stop();
  // A few retries fail meanwhile; the other stream keeps receiving media.
  const before = await frames(other.id);
  await sleep(2500);
  assert.ok((await frames(other.id)) > before + 20, 'the live stream keeps flowing');
  assert.equal((await stream(ending.id)).recording_state, 'pending');
  assert.equal((await stream(other.id)).status, 'LIVE');
  await s3.resume();
  const done = await waitFor('recording stored after S3 is back', async () => {
    const s = await stream(ending.id);
    return s.recording_state === 'stored' ? s : null;
  }, { timeout: 30000 });
  assert.equal(done.recording_url, `/media/${ending.id}/recording.mkv`);
  assert.ok(s3.object(`${ending.id}/recording.mkv`)?.length > 0, 'the object is in the bucket');
  assert.ok(!existsSync(join(srv.dataDir, 'media', ending.id, 'recording.mkv')), 'the local copy is removed');
  const r = await api(srv.url, 'POST', `/api/v1/streaming/${other.id}/end`, { token: owner.token });
  assert.equal(r.status, 200, r.text);
});

test('[s3 down] an upload that gives up is marked failed and the file is kept', async (t) => {
  const { id, pub } = await live(t, 'ends into an outage');
  await s3.pause();
  t.after(() => s3.resume().catch(() => {}));
  await end(id);
  await pub.stop();
  // 5 attempts, 1 + 2 + 4 + 8 s apart: failed within the bound, not pending forever.
  const failed = await waitFor('recording_state failed', async () => {
    const s = await stream(id);
    return s.recording_state === 'failed' ? s : null;
  }, { timeout: 40000, interval: 500 });
  assert.equal(failed.recording_url, null, 'no URL pointing at an object that is not there');
  assert.ok(existsSync(join(srv.dataDir, 'media', id, 'recording.mkv')), 'the recording stays on local disk');
  assert.match(srv.log(), new RegExp(`msg="storing recording failed" stream=${id} attempts=5`));
});
