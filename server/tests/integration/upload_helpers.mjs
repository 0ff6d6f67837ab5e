// Shared by the recording upload suites: a real small video made with ffmpeg, multipart requests
// (well-formed through FormData, malformed by hand), and an s3rver bucket that checks signatures.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from '@20minutes/s3rver';
import { api } from './harness.mjs';

// A 2 s 160x120 MPEG-4 video in MP4 (~40 KB), made once per process.
let videoCache;
export function smallVideo() {
  if (videoCache) return videoCache;
  const dir = mkdtempSync(join(tmpdir(), 'tc-video-'));
  const out = join(dir, 'clip.mp4');
  execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=15', '-t', '2',
    '-c:v', 'mpeg4', '-q:v', '5', '-movflags', '+faststart', '-y', out]);
  videoCache = readFileSync(out);
  rmSync(dir, { recursive: true, force: true });
  return videoCache;
}

// An EBML (Matroska) header followed by `size` bytes of filler: passes the magic-byte check, and is
// large enough to need an S3 multipart upload.
export function bigMatroska(size) {
  const header = Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42,
    0xf2, 0x81, 0x04, 0x42, 0xf3, 0x81, 0x08, 0x42, 0x82, 0x88, ...Buffer.from('matroska')]);
  const body = Buffer.alloc(size);
  for (let i = 0; i < size; i++) body[i] = (i * 7 + (i >> 13)) & 0xff;
  return Buffer.concat([header, body]);
}

export async function upload(base, { token, streamId, file, type = 'video/mp4', name = 'clip.mp4', field = 'video' }) {
  const form = new FormData();
  if (streamId !== undefined) form.append('stream_id', streamId);
  if (file !== undefined) form.append(field, new Blob([file], { type }), name);
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  const res = await fetch(base + '/api/v1/streaming/upload', { method: 'POST', headers, body: form });
  const text = await res.text();
  let body = null;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, body, text };
}

export async function rawUpload(base, { token, contentType, body }) {
  const headers = { 'content-type': contentType };
  if (token) headers.authorization = `Bearer ${token}`;
  return api(base, 'POST', '/api/v1/streaming/upload', { raw: body, headers });
}

export async function endedStream(base, token, title = 'recorded') {
  const c = await api(base, 'POST', '/api/v1/streaming/create', { token, body: { title } });
  if (c.status !== 201) throw new Error(c.text);
  const e = await api(base, 'POST', `/api/v1/streaming/${c.body.stream.stream_id}/end`, { token });
  if (e.status !== 200) throw new Error(e.text);
  return e.body.stream;
}

// s3rver on a free port with one bucket, "vod"; credentials S3RVER/S3RVER.
export async function startS3() {
  const dir = mkdtempSync(join(tmpdir(), 'tc-s3-'));
  const make = (p) => new S3rver({ port: p, address: '127.0.0.1', directory: dir, silent: true,
    configureBuckets: [{ name: 'vod' }] });
  let server = make(0);
  let paused = false;
  const { port } = await server.run();
  return {
    // S3 down and back (failure tests): pause() closes the listener, resume() serves the same
    // bucket on the same port again.
    async pause() { if (!paused) { paused = true; await server.close(); } },
    async resume() { if (paused) { server = make(port); await server.run(); paused = false; } },
    url: `http://127.0.0.1:${port}`, dir, bucket: 'vod',
    // The object's bytes as s3rver stored them, or null.
    object(key) {
      const parts = key.split('/');
      const p = join(dir, 'vod', ...parts.slice(0, -1), `${parts.at(-1)}._S3rver_object`);
      return existsSync(p) ? readFileSync(p) : null;
    },
    keys(prefix = '') {
      const out = [];
      const walk = (d, rel) => {
        if (!existsSync(d)) return;
        for (const e of readdirSync(d, { withFileTypes: true })) {
          if (e.isDirectory()) walk(join(d, e.name), rel ? `${rel}/${e.name}` : e.name);
          else if (e.name.endsWith('._S3rver_object')) out.push((rel ? `${rel}/` : '') + e.name.slice(0, -'._S3rver_object'.length));
        }
      };
      walk(join(dir, 'vod'), '');
      return out.filter((k) => k.startsWith(prefix)).sort();
    },
    async stop() { await server.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}

export const s3Args = (s3, secret = 'S3RVER') => ['--blob-store', 's3', '--s3-endpoint', s3.url, '--s3-bucket', s3.bucket,
  '--s3-access-key', 'S3RVER', '--s3-secret-key', secret];
