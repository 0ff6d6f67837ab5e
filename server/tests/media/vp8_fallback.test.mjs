// VP8 publishers (browsers without H.264): viewers get VP8 as published, the recording is WebM, HLS
// is transcoded to H.264 + AAC, and the node transcodes at most --max-transcodes streams at once.
// Also the per-stream /metrics series: present while live, gone after the end. The publisher is the
// GStreamer probe (vp8enc, keyframes only every 10 s unless asked), kept short and small: the
// transcode is the most CPU-hungry thing the media plane does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, api, register } from '../integration/harness.mjs';
import { sleep } from '../integration/waits.mjs';
import { startProbe, waitFor, ffprobe, decodeAll, mediaArgs } from './media_helpers.mjs';

let srv;
let owner;
before(async () => {
  srv = await startServer({ args: [...mediaArgs, '--auth-rate-limit', '0', '--max-transcodes', '1'], db: null });
  owner = await register(srv.url);
});
after(async () => { await srv.stop(); srv.cleanup(); });

const create = async (title) => {
  const r = await api(srv.url, 'POST', '/api/v1/streaming/create', { token: owner.token, body: { title } });
  assert.equal(r.status, 201, r.text);
  return r.body.stream.stream_id;
};
const stats = async (id) => (await api(srv.url, 'GET', `/api/v1/streaming/${id}/stats`)).body.stats;
const metrics = async () => (await fetch(`${srv.url}/metrics`)).text();

test('a VP8 publisher: VP8 to viewers, WebM recording, HLS transcoded to H.264, transcodes limited', async (t) => {
  const id = await create('vp8');
  const pub = await startProbe(srv.url, 'publish', `/api/v1/streaming/${id}/whip`, { token: owner.token,
    args: ['--codec', 'vp8', '--width', '320', '--height', '180', '--switch-after', '5', '--width2', '640', '--height2', '360'] });
  t.after(() => pub.stop());
  assert.equal(pub.status, 201, pub.text);
  assert.match(pub.text, /a=rtpmap:96 VP8\/90000/);
  assert.doesNotMatch(pub.text, /H264/);

  const live = await waitFor('live at 320x180', async () => {
    const s = await stats(id);
    return s.media_state === 'live' && s.media?.width === 320 ? s : null;
  });
  assert.equal(live.media.video_codec, 'VP8');
  assert.equal(live.media.hls_transcode, true);
  assert.equal(live.media.height, 180);

  // The one transcode slot is taken: a second VP8 publisher is refused with 503, not half served.
  const other = await create('vp8 too');
  const refused = await startProbe(srv.url, 'publish', `/api/v1/streaming/${other}/whip`, { token: owner.token, args: ['--codec', 'vp8'] });
  assert.equal(refused.status, 503, refused.text);
  assert.equal(refused.body.error.code, 'transcode_busy');
  assert.equal((await stats(other)).media_state, 'waiting');

  // A viewer that can only receive H.264 is told why; one that offers both gets VP8.
  const h264Only = await startProbe(srv.url, 'play', `/api/v1/streaming/${id}/whep`, { args: ['--codecs', 'h264'] });
  assert.equal(h264Only.status, 400, h264Only.text);
  assert.equal(h264Only.body.error.code, 'unsupported_codec');
  assert.match(h264Only.body.error.message, /VP8/);
  const viewer = await startProbe(srv.url, 'play', `/api/v1/streaming/${id}/whep`, { args: ['--codecs', 'h264,vp8'] });
  t.after(() => viewer.stop());
  assert.equal(viewer.status, 201, viewer.text);
  assert.match(viewer.text, /a=rtpmap:96 VP8\/90000/);
  assert.doesNotMatch(viewer.text, /H264/);
  // The publisher makes a keyframe only every 10 s on its own: frames this early mean the server's
  // keyframe requests (on join and every 2 s) reach a VP8 publisher.
  await waitFor('viewer decodes VP8', () => viewer.last()?.frames > 10, { timeout: 8000 });

  // Per-stream series while live.
  const m = await metrics();
  assert.match(m, new RegExp(`^tradecast_media_stream_info\\{stream="${id}",video_codec="VP8",hls="transcode"\\} 1$`, 'm'));
  assert.match(m, new RegExp(`^tradecast_media_stream_viewers\\{stream="${id}",protocol="whep"\\} 1$`, 'm'));
  assert.match(m, new RegExp(`^tradecast_media_stream_width\\{stream="${id}"\\} (320|640)$`, 'm'));
  assert.match(m, new RegExp(`^tradecast_media_stream_video_bitrate_bps\\{stream="${id}"\\} [1-9][0-9]*$`, 'm'));
  assert.match(m, new RegExp(`^tradecast_media_stream_fps\\{stream="${id}"\\} [0-9.]+$`, 'm'));
  assert.match(m, /^tradecast_media_transcodes 1$/m);
  assert.doesNotMatch(m, new RegExp(`stream="${other}"`), 'a stream without media has no series');

  // The resolution change reaches the viewer; then let HLS cut a few segments.
  await waitFor('640x360 at the viewer', () => viewer.last()?.width === 640, { timeout: 15000 });
  await waitFor('3 HLS segments', async () => (await stats(id)).media.hls_segments >= 3, { timeout: 20000 });
  // Keyframe requests every 2 s: far more keyframes than the publisher's own one per 10 s.
  const st = await stats(id);
  assert.ok(st.media.keyframes >= 3, `keyframes ${st.media.keyframes}`);
  const seg = `${srv.dataDir}/media/${id}/hls/seg00001.ts`;
  assert.deepEqual(ffprobe(seg).streams.map((x) => x.codec_name).sort(), ['aac', 'h264']);

  const ended = await api(srv.url, 'POST', `/api/v1/streaming/${id}/end`, { token: owner.token });
  assert.equal(ended.status, 200, ended.text);
  const s = ended.body.stream;
  assert.equal(s.recording_url, `/media/${id}/recording.webm`);
  const served = await fetch(srv.url + s.recording_url, { headers: { range: 'bytes=0-3' } });
  assert.equal(served.status, 206);
  assert.equal(served.headers.get('content-type'), 'video/webm');
  assert.deepEqual([...Buffer.from(await served.arrayBuffer())], [0x1a, 0x45, 0xdf, 0xa3]);  // EBML

  // Recording: WebM with VP8 + Opus, duration ≈ the stream's, both sizes decode.
  const rec = `${srv.dataDir}/media/${id}/recording.webm`;
  const info = ffprobe(rec);
  assert.match(info.format.format_name, /webm/);
  assert.deepEqual(info.streams.map((x) => x.codec_name).sort(), ['opus', 'vp8']);
  const duration = +info.format.duration;
  assert.ok(Math.abs(duration - s.duration_seconds) <= 2.5, `recording ${duration} s vs stream ${s.duration_seconds} s`);
  decodeAll(rec);
  const frames = ffprobe(rec, ['-select_streams', 'v', '-show_frames', '-show_entries', 'frame=width']).frames;
  assert.ok(frames.some((f) => f.width === 320) && frames.some((f) => f.width === 640));

  // HLS: closed playlist of H.264 + AAC that decodes, 2 s segments cut by the transcoder, both sizes.
  const list = `${srv.dataDir}/media/${id}/hls/index.m3u8`;
  const playlist = readFileSync(list, 'utf8');
  assert.match(playlist, /#EXT-X-ENDLIST/);
  const durations = [...playlist.matchAll(/#EXTINF:([0-9.]+)/g)].map((x) => +x[1]);
  t.diagnostic(`HLS segments ${durations.join(' ')} s; ${st.media.keyframes} keyframes from the publisher`);
  // Every segment within the target duration (the HLS rule); all but the last ~2 s, except that
  // the re-initialised encoder at the resolution change may close one segment early.
  for (const d of durations) assert.ok(d > 0 && d <= 2.5, `segment of ${d} s: ${playlist}`);
  const short = durations.slice(0, -1).filter((d) => d <= 1.5);
  assert.ok(short.length <= 1, `more than one short segment: ${playlist}`);
  const hls = ffprobe(list, ['-select_streams', 'v', '-show_frames', '-show_entries', 'frame=width']);
  assert.deepEqual(hls.streams.map((x) => x.codec_name), ['h264']);
  assert.ok(hls.frames.some((f) => f.width === 320) && hls.frames.some((f) => f.width === 640));
  decodeAll(list);
  const thumb = ffprobe(`${srv.dataDir}/media/${id}/thumbnail.jpg`).streams[0];
  assert.equal(thumb.codec_name, 'mjpeg');
  assert.equal(thumb.width, 480);

  // After the end its series are gone and the slot is free: the other stream may now go VP8.
  const after = await metrics();
  assert.doesNotMatch(after, new RegExp(`stream="${id}"`));
  assert.match(after, /^tradecast_media_transcodes 0$/m);
  const second = await startProbe(srv.url, 'publish', `/api/v1/streaming/${other}/whip`, { token: owner.token, args: ['--codec', 'vp8'] });
  t.after(() => second.stop());
  assert.equal(second.status, 201, second.text);
  await sleep(500);
  await api(srv.url, 'POST', `/api/v1/streaming/${other}/end`, { token: owner.token });
});
