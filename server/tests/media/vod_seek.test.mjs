// A browser plays and seeks an uploaded recording through /media/…: on the local store the server
// answers Range requests itself; on S3 (s3rver) it answers 302 to a presigned URL and Chromium sends
// its Range requests to the bucket. Both ways the <video> element knows the duration and seeks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, register } from '../integration/harness.mjs';
import { upload, endedStream, startS3, s3Args } from '../integration/upload_helpers.mjs';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium-flags.mjs';

let browser, s3, video;
const servers = {};
before(async () => {
  // 12 s of VP8 in WebM (Chromium decodes it everywhere), a keyframe every second.
  const dir = mkdtempSync(join(tmpdir(), 'tc-vod-'));
  execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=15', '-t', '12',
    '-c:v', 'libvpx', '-b:v', '600k', '-g', '15', '-y', join(dir, 'vod.webm')]);
  video = readFileSync(join(dir, 'vod.webm'));
  rmSync(dir, { recursive: true, force: true });
  s3 = await startS3();
  const common = ['--auth-rate-limit', '0', '--media', 'false'];
  servers.local = await startServer({ args: common, db: null });
  servers.s3 = await startServer({ args: [...common, ...s3Args(s3)], db: null });
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
});
after(async () => {
  await browser?.close();
  for (const srv of Object.values(servers)) { await srv.stop(); srv.cleanup(); }
  await s3?.stop();
});

// In the page: load metadata, seek near the end, report what the element says.
const seekInPage = async (src) => {
  const v = document.createElement('video');
  v.muted = true;
  v.preload = 'metadata';
  document.body.appendChild(v);
  const wait = (ev) => new Promise((resolve, reject) => {
    v.addEventListener(ev, resolve, { once: true });
    v.addEventListener('error', () => reject(new Error(`video error ${v.error?.code} ${v.error?.message}`)), { once: true });
  });
  const meta = wait('loadedmetadata');
  v.src = src;
  await meta;
  const duration = v.duration;
  const seeked = wait('seeked');
  v.currentTime = 10.5;
  await seeked;
  if (v.readyState < 2) await wait('loadeddata');
  return { duration, currentTime: v.currentTime, readyState: v.readyState, width: v.videoWidth };
};

for (const kind of ['local', 's3']) {
  test(`[${kind}] <video> plays the uploaded recording's metadata and seeks to 10.5 s`, async () => {
    const srv = servers[kind];
    const owner = await register(srv.url);
    const s = await endedStream(srv.url, owner.token);
    const r = await upload(srv.url, { token: owner.token, streamId: s.stream_id, file: video, type: 'video/webm', name: 'vod.webm' });
    assert.equal(r.status, 200, r.text);
    const first = await fetch(srv.url + r.body.stream.recording_url, { redirect: 'manual' });
    assert.equal(first.status, kind === 'local' ? 200 : 302);
    const page = await browser.newPage();
    try {
      const got = await page.evaluate(seekInPage, srv.url + r.body.stream.recording_url);
      assert.ok(Math.abs(got.duration - 12) < 0.5, `duration ${got.duration}`);
      assert.ok(Math.abs(got.currentTime - 10.5) < 0.5, `currentTime ${got.currentTime}`);
      assert.ok(got.readyState >= 2, `readyState ${got.readyState}`);
      assert.equal(got.width, 320);
    } finally {
      await page.close();
    }
  });
}
