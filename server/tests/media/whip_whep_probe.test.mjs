// Media without a browser: a GStreamer test pattern publishes over WHIP to the real server, a
// GStreamer viewer plays over WHEP; then the artefacts (HLS, recording, thumbnail) are checked.
// ICE is pinned to 127.0.0.1 on both sides.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { startServer, api, register } from '../integration/harness.mjs';
import { sleep } from '../integration/waits.mjs';
import { startProbe, waitFor, ffprobe, decodeAll, mediaArgs } from './media_helpers.mjs';

let srv;
let owner;
before(async () => {
  srv = await startServer({ args: [...mediaArgs, '--auth-rate-limit', '0'], db: null });
  owner = await register(srv.url);
});
after(async () => { await srv.stop(); srv.cleanup(); });

const create = async (token, title = 'probe') => {
  const r = await api(srv.url, 'POST', '/api/v1/streaming/create', { token, body: { title } });
  assert.equal(r.status, 201, r.text);
  return r.body.stream;
};
const stats = async (id) => (await api(srv.url, 'GET', `/api/v1/streaming/${id}/stats`)).body.stats;

test('WHIP publish, WHEP play, then HLS, recording and thumbnail after the end', async (t) => {
  const stream = await create(owner.token);
  assert.equal(stream.media_state, 'waiting');
  const id = stream.stream_id;

  // Refusals before any media: wrong content type, no token, not the owner.
  const sdp = { 'content-type': 'application/sdp' };
  let r = await api(srv.url, 'POST', `/api/v1/streaming/${id}/whip`, { token: owner.token, raw: 'v=0', headers: { 'content-type': 'text/plain' } });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.code, 'unsupported_media_type');
  r = await api(srv.url, 'POST', `/api/v1/streaming/${id}/whip`, { raw: 'v=0', headers: sdp });
  assert.equal(r.status, 401, r.text);
  const other = await register(srv.url);
  r = await api(srv.url, 'POST', `/api/v1/streaming/${id}/whip`, { token: other.token, raw: 'v=0', headers: sdp });
  assert.equal(r.status, 403, r.text);
  r = await api(srv.url, 'POST', `/api/v1/streaming/${id}/whip`, { token: owner.token, raw: 'not sdp', headers: sdp });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.code, 'invalid_sdp');
  r = await api(srv.url, 'POST', `/api/v1/streaming/${id}/whep`, { raw: 'v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n', headers: sdp });
  assert.equal(r.status, 409, 'no WHEP before the publisher: ' + r.text);

  const pub = await startProbe(srv.url, 'publish', `/api/v1/streaming/${id}/whip`, { token: owner.token });
  t.after(() => pub.stop());
  assert.equal(pub.status, 201, pub.text);
  assert.match(pub.text, /^v=0/);
  assert.match(pub.text, /a=candidate:.* 127\.0\.0\.1 /, 'ICE pinned to loopback');
  assert.match(pub.text, /a=rtpmap:102 H264\/90000/, 'the answer keeps only the chosen H.264 payload');
  assert.doesNotMatch(pub.text, /VP8/);
  assert.match(pub.location, new RegExp(`^/api/v1/streaming/${id}/whip/[0-9a-f]+$`));

  const live = await waitFor('media_state live', async () => {
    const s = await stats(id);
    return s.media_state === 'live' && s.media?.frames > 30 ? s : null;
  });
  assert.equal(live.media.video_codec, 'H264');
  assert.equal(live.media.width, 640);
  assert.equal(live.media.height, 360);
  assert.equal((await api(srv.url, 'GET', `/api/v1/streaming/${id}`)).body.stream.media_state, 'live');

  // A second publisher is refused while the first is live.
  const second = await startProbe(srv.url, 'publish', `/api/v1/streaming/${id}/whip`, { token: owner.token });
  assert.equal(second.status, 409, second.text);
  assert.equal(second.body.error.code, 'publisher_exists');

  // Two WHEP viewers decode frames; removing one leaves the other playing.
  const v1 = await startProbe(srv.url, 'play', `/api/v1/streaming/${id}/whep`);
  t.after(() => v1.stop());
  assert.equal(v1.status, 201, v1.text);
  const v2 = await startProbe(srv.url, 'play', `/api/v1/streaming/${id}/whep`);
  t.after(() => v2.stop());
  assert.equal(v2.status, 201, v2.text);
  await waitFor('viewer 1 frames', () => (v1.last()?.frames > 20 && v1.last()));
  const seen = await waitFor('viewer 2 frames', () => (v2.last()?.frames > 20 && v2.last()));
  assert.equal(seen.width, 640);
  assert.equal(seen.height, 360);
  assert.equal((await stats(id)).media.viewers.whep, 2);
  const metrics = await (await fetch(`${srv.url}/metrics`)).text();
  assert.match(metrics, /^tradecast_media_viewers_whep 2$/m);
  assert.match(metrics, /^tradecast_media_ingests 1$/m);
  // Per-stream series, labelled with the stream id, while it is live.
  assert.match(metrics, new RegExp(`^tradecast_media_stream_viewers\\{stream="${id}",protocol="whep"\\} 2$`, 'm'));
  assert.match(metrics, new RegExp(`^tradecast_media_stream_info\\{stream="${id}",video_codec="H264",hls="passthrough"\\} 1$`, 'm'));
  assert.match(metrics, new RegExp(`^tradecast_media_stream_height\\{stream="${id}"\\} 360$`, 'm'));

  r = await api(srv.url, 'DELETE', v1.location);
  assert.equal(r.status, 200, r.text);
  r = await api(srv.url, 'DELETE', v1.location);
  assert.equal(r.status, 404, 'a session is deleted once');
  await v1.stop();
  const before2 = v2.last().frames;
  await waitFor('viewer 2 keeps playing', () => v2.last().frames > before2 + 30);
  assert.equal((await stats(id)).media.viewers.whep, 1);

  // HLS while live: a playlist with 1–2 s segments, served with the right types.
  await waitFor('3 HLS segments', async () => (await stats(id)).media.hls_segments >= 3, { timeout: 30000 });
  await waitFor('3 segments in the playlist', async () => {
    const text = await (await fetch(`${srv.url}/hls/${id}/index.m3u8`)).text();
    return (text.match(/#EXTINF/g) || []).length >= 3;
  }, { timeout: 30000 });
  const pl = await fetch(`${srv.url}/hls/${id}/index.m3u8`);
  // This client fetched the playlist: one HLS viewer (distinct address + User-Agent, last 10 s).
  assert.equal((await stats(id)).media.viewers.hls, 1);
  assert.match(await (await fetch(`${srv.url}/metrics`)).text(),
    new RegExp(`^tradecast_media_stream_viewers\\{stream="${id}",protocol="hls"\\} 1$`, 'm'));
  assert.equal(pl.status, 200);
  assert.equal(pl.headers.get('content-type'), 'application/vnd.apple.mpegurl');
  assert.equal(pl.headers.get('cache-control'), 'no-cache');
  const playlist = await pl.text();
  assert.match(playlist, /^#EXTM3U/);
  const durations = [...playlist.matchAll(/#EXTINF:([0-9.]+)/g)].map((m) => +m[1]);
  assert.ok(durations.length >= 3, playlist);
  for (const d of durations.slice(1, -1)) assert.ok(d > 0.3 && d <= 2.2, `segment of ${d} s`);
  const seg = await fetch(`${srv.url}/hls/${id}/seg00001.ts`);
  assert.equal(seg.status, 200);
  assert.equal(seg.headers.get('content-type'), 'video/mp2t');
  assert.match(seg.headers.get('cache-control'), /immutable/);
  assert.equal((await fetch(`${srv.url}/hls/${id}/../../etc/passwd`)).status, 404);
  assert.equal((await fetch(`${srv.url}/hls/${id}/seg1.ts`)).status, 404);

  // The thumbnail exists while live and thumbnail_url points at it.
  const withThumb = await waitFor('thumbnail_url', async () => {
    const s = (await api(srv.url, 'GET', `/api/v1/streaming/${id}`)).body.stream;
    return s.thumbnail_url ? s : null;
  });
  assert.equal(withThumb.thumbnail_url, `/media/${id}/thumbnail.jpg`);

  // End over REST: everything is finalised before the reply.
  await sleep(2000);
  const ended = await api(srv.url, 'POST', `/api/v1/streaming/${id}/end`, { token: owner.token });
  assert.equal(ended.status, 200, ended.text);
  const s = ended.body.stream;
  assert.equal(s.status, 'ENDED');
  assert.equal(s.media_state, 'offline');
  assert.equal(s.recording_url, `/media/${id}/recording.mkv`);

  // Recording: served with Range, ffprobe-clean, H.264 + Opus, duration ≈ the stream's.
  const range = await fetch(srv.url + s.recording_url, { headers: { range: 'bytes=0-99' } });
  assert.equal(range.status, 206);
  assert.equal((await range.arrayBuffer()).byteLength, 100);
  const rec = `${srv.dataDir}/media/${id}/recording.mkv`;
  const info = ffprobe(rec);
  const codecs = info.streams.map((x) => x.codec_name).sort();
  assert.deepEqual(codecs, ['h264', 'opus']);
  const duration = +info.format.duration;
  assert.ok(Math.abs(duration - s.duration_seconds) <= 2.5, `recording ${duration} s vs stream ${s.duration_seconds} s`);
  assert.ok(duration > 5, `recording of ${duration} s`);
  decodeAll(rec);

  // The playlist is closed and every segment decodes (video H.264 as published, audio AAC).
  const finalList = readFileSync(`${srv.dataDir}/media/${id}/hls/index.m3u8`, 'utf8');
  assert.match(finalList, /#EXT-X-ENDLIST/);
  const hls = ffprobe(`${srv.dataDir}/media/${id}/hls/index.m3u8`);
  assert.deepEqual(hls.streams.map((x) => x.codec_name).sort(), ['aac', 'h264']);
  decodeAll(`${srv.dataDir}/media/${id}/hls/index.m3u8`);

  // The last thumbnail stays: a JPEG 480 pixels wide, 16:9 like the source.
  const thumb = await fetch(srv.url + s.thumbnail_url);
  assert.equal(thumb.status, 200);
  assert.equal(thumb.headers.get('content-type'), 'image/jpeg');
  const jpeg = Buffer.from(await thumb.arrayBuffer());
  assert.equal(jpeg[0], 0xff);
  assert.equal(jpeg[1], 0xd8);
  const ti = ffprobe(`${srv.dataDir}/media/${id}/thumbnail.jpg`).streams[0];
  assert.equal(ti.width, 480);
  assert.equal(ti.height, 270);

  // After the end its series are gone.
  assert.doesNotMatch(await (await fetch(`${srv.url}/metrics`)).text(), new RegExp(`stream="${id}"`));

  // After the end: no WHIP, no WHEP.
  r = await api(srv.url, 'POST', `/api/v1/streaming/${id}/whep`, { raw: 'v=0', headers: sdp });
  assert.equal(r.status, 409);
  assert.equal(existsSync(rec), true);
});
