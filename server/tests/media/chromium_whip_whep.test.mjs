// End to end with real browsers: headless Chromium (fake camera and microphone) publishes over WHIP
// to the real server; a second page plays over WHEP and proves from getStats() and the <video>
// element that frames decode and time advances. ICE is pinned to 127.0.0.1 on both sides.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, api, register } from '../integration/harness.mjs';
import { waitFor, ffprobe, decodeAll, mediaArgs } from './media_helpers.mjs';
import { signal, publishSetup, viewSetup, rtpStats } from './browser_helpers.mjs';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium-flags.mjs';

let srv;
let browser;
before(async () => {
  srv = await startServer({ args: [...mediaArgs, '--auth-rate-limit', '0'], db: null });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
  });
});
after(async () => { await browser?.close(); await srv.stop(); srv.cleanup(); });

test('Chromium publishes over WHIP, another Chromium page plays over WHEP', async (t) => {
  const owner = await register(srv.url);
  const created = await api(srv.url, 'POST', '/api/v1/streaming/create', { token: owner.token, body: { title: 'browser' } });
  const id = created.body.stream.stream_id;

  const pubPage = await browser.newPage();
  t.after(() => pubPage.close());
  await pubPage.goto(`${srv.url}/healthz`);  // any same-origin page: 127.0.0.1 is a secure context
  const pub = await pubPage.evaluate(signal, { path: `/api/v1/streaming/${id}/whip`, token: owner.token, pcName: 'pc', setup: publishSetup });
  assert.equal(pub.status, 201, pub.text);
  assert.match(pub.text, /a=rtpmap:\d+ H264\/90000/);

  const sent = await waitFor('publisher encodes H.264', async () => {
    const s = await rtpStats(pubPage, 'pc', 'outbound-rtp');
    return s?.framesEncoded > 30 ? s : null;
  });
  assert.equal(sent.mimeType, 'video/H264');
  await waitFor('live', async () => (await api(srv.url, 'GET', `/api/v1/streaming/${id}`)).body.stream.media_state === 'live');

  const viewPage = await browser.newPage();
  t.after(() => viewPage.close());
  await viewPage.goto(`${srv.url}/healthz`);
  const view = await viewPage.evaluate(signal, { path: `/api/v1/streaming/${id}/whep`, pcName: 'pc', setup: viewSetup });
  assert.equal(view.status, 201, view.text);

  const got = await waitFor('viewer decodes frames', async () => {
    const s = await rtpStats(viewPage, 'pc', 'inbound-rtp');
    return s?.framesDecoded > 30 ? s : null;
  }, { timeout: 30000 });
  assert.equal(got.mimeType, 'video/H264');
  const v1 = await viewPage.evaluate(() => ({ w: video.videoWidth, h: video.videoHeight, t: video.currentTime, first: window.firstFrameMs }));
  assert.ok(v1.w > 0 && v1.h > 0, JSON.stringify(v1));
  assert.ok(v1.first > 0, 'requestVideoFrameCallback fired');
  t.diagnostic(`first frame ${Math.round(v1.first)} ms after the WHEP POST; ${v1.w}x${v1.h}`);
  await waitFor('video time advances', async () => (await viewPage.evaluate(() => video.currentTime)) > v1.t + 1);
  const more = await rtpStats(viewPage, 'pc', 'inbound-rtp');
  assert.ok(more.framesDecoded > got.framesDecoded);

  // HLS from the browser's stream: segments follow the server's keyframe requests.
  await waitFor('HLS playlist with 3 segments', async () => {
    const r = await fetch(`${srv.url}/hls/${id}/index.m3u8`);
    return r.status === 200 && ((await r.text()).match(/#EXTINF/g) || []).length >= 3;
  }, { timeout: 30000 });

  const del = await viewPage.evaluate(async (loc) => (await fetch(loc, { method: 'DELETE' })).status, view.location);
  assert.equal(del, 200);

  // Stop with WHIP DELETE: the stream ends and the recording is final.
  const stop = await pubPage.evaluate(async ({ loc, token }) =>
    (await fetch(loc, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })).status, { loc: pub.location, token: owner.token });
  assert.equal(stop, 200);
  const s = (await api(srv.url, 'GET', `/api/v1/streaming/${id}`)).body.stream;
  assert.equal(s.status, 'ENDED');
  assert.equal(s.recording_url, `/media/${id}/recording.mkv`);
  const rec = `${srv.dataDir}/media/${id}/recording.mkv`;
  const info = ffprobe(rec);
  assert.deepEqual(info.streams.map((x) => x.codec_name).sort(), ['h264', 'opus']);
  assert.ok(Math.abs(+info.format.duration - s.duration_seconds) <= 2.5, `${info.format.duration} vs ${s.duration_seconds}`);
  decodeAll(rec);
  const hls = `${srv.dataDir}/media/${id}/hls/index.m3u8`;
  assert.deepEqual(ffprobe(hls).streams.map((x) => x.codec_name).sort(), ['aac', 'h264']);
  decodeAll(hls);
  const thumb = ffprobe(`${srv.dataDir}/media/${id}/thumbnail.jpg`).streams[0];
  assert.equal(thumb.codec_name, 'mjpeg');
  assert.equal(thumb.width, 480);
});

// A browser without H.264 (some Firefox and Chromium builds): made here by restricting the video
// transceiver to VP8. Kept short and at 640x360: the server transcodes VP8 to H.264 for HLS.
const vp8PublishSetup = `
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 360, frameRate: 30 }, audio: true });
  for (const t of stream.getTracks()) {
    const tr = pc.addTransceiver(t, { direction: 'sendonly', streams: [stream] });
    if (t.kind === 'video') {
      tr.setCodecPreferences(RTCRtpReceiver.getCapabilities('video').codecs.filter((c) => c.mimeType === 'video/VP8'));
    }
  }`;

test('Chromium publishing VP8 only: VP8 to the WHEP viewer, HLS in H.264, a WebM recording', async (t) => {
  const owner = await register(srv.url);
  const created = await api(srv.url, 'POST', '/api/v1/streaming/create', { token: owner.token, body: { title: 'vp8' } });
  const id = created.body.stream.stream_id;

  const pubPage = await browser.newPage();
  t.after(() => pubPage.close());
  await pubPage.goto(`${srv.url}/healthz`);
  const pub = await pubPage.evaluate(signal, { path: `/api/v1/streaming/${id}/whip`, token: owner.token, pcName: 'pc', setup: vp8PublishSetup });
  assert.equal(pub.status, 201, pub.text);
  assert.match(pub.text, /a=rtpmap:\d+ VP8\/90000/);
  assert.doesNotMatch(pub.text, /H264/);
  const sent = await waitFor('publisher encodes VP8', async () => {
    const s = await rtpStats(pubPage, 'pc', 'outbound-rtp');
    return s?.framesEncoded > 30 ? s : null;
  });
  assert.equal(sent.mimeType, 'video/VP8');
  await waitFor('live', async () => (await api(srv.url, 'GET', `/api/v1/streaming/${id}`)).body.stream.media_state === 'live');

  // The viewer offers everything Chromium can receive; the answer is VP8 and it decodes.
  const viewPage = await browser.newPage();
  t.after(() => viewPage.close());
  await viewPage.goto(`${srv.url}/healthz`);
  const view = await viewPage.evaluate(signal, { path: `/api/v1/streaming/${id}/whep`, pcName: 'pc', setup: viewSetup });
  assert.equal(view.status, 201, view.text);
  const got = await waitFor('viewer decodes VP8', async () => {
    const s = await rtpStats(viewPage, 'pc', 'inbound-rtp');
    return s?.framesDecoded > 30 ? s : null;
  }, { timeout: 30000 });
  assert.equal(got.mimeType, 'video/VP8');
  const v1 = await viewPage.evaluate(() => ({ w: video.videoWidth, t: video.currentTime }));
  assert.ok(v1.w > 0, JSON.stringify(v1));
  await waitFor('video time advances', async () => (await viewPage.evaluate(() => video.currentTime)) > v1.t + 1);

  // HLS is H.264 + AAC even though the browser sent VP8.
  await waitFor('2 HLS segments', async () => {
    const r = await fetch(`${srv.url}/hls/${id}/index.m3u8`);
    return r.status === 200 && ((await r.text()).match(/#EXTINF/g) || []).length >= 2;
  }, { timeout: 30000 });
  const seg = ffprobe(`${srv.url}/hls/${id}/seg00000.ts`);
  assert.deepEqual(seg.streams.map((x) => x.codec_name).sort(), ['aac', 'h264']);

  const stop = await pubPage.evaluate(async ({ loc, token }) =>
    (await fetch(loc, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })).status, { loc: pub.location, token: owner.token });
  assert.equal(stop, 200);
  const s = (await api(srv.url, 'GET', `/api/v1/streaming/${id}`)).body.stream;
  assert.equal(s.recording_url, `/media/${id}/recording.webm`);
  const rec = `${srv.dataDir}/media/${id}/recording.webm`;
  const info = ffprobe(rec);
  assert.deepEqual(info.streams.map((x) => x.codec_name).sort(), ['opus', 'vp8']);
  assert.ok(Math.abs(+info.format.duration - s.duration_seconds) <= 2.5, `${info.format.duration} vs ${s.duration_seconds}`);
  decodeAll(rec);
  decodeAll(`${srv.dataDir}/media/${id}/hls/index.m3u8`);
});
