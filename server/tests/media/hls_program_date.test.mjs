// The live HLS playlist carries EXT-X-PROGRAM-DATE-TIME on every segment, on the server's wall clock
// from the stream's timeline origin (the first frame; media_time_ms 0, issue 13), so a player can
// tell which moment of the server's clock it is showing. A GStreamer test pattern publishes over WHIP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api } from '../integration/harness.mjs';
import { startProbe, waitFor, mediaServer } from './media_helpers.mjs';

const ctx = mediaServer();

// [{date (epoch ms), duration (ms)}] of a playlist; every #EXTINF must follow a date.
function datedSegments(text) {
  const lines = text.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^#EXTINF:([0-9.]+),/.exec(lines[i]);
    if (!m) continue;
    const d = /^#EXT-X-PROGRAM-DATE-TIME:(.+)$/.exec(lines[i - 1] || '');
    assert.ok(d, `segment ${out.length} has no date:\n${text}`);
    assert.match(d[1], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    out.push({ date: Date.parse(d[1]), duration: Number(m[1]) * 1000 });
  }
  return out;
}

test('every live segment is dated from the timeline origin, on the server clock', async (t) => {
  const { srv, owner } = ctx;
  const created = await api(srv.url, 'POST', '/api/v1/streaming/create', { token: owner.token, body: { title: 'pdt' } });
  assert.equal(created.status, 201, created.text);
  const id = created.body.stream.stream_id;
  const stats = async () => (await api(srv.url, 'GET', `/api/v1/streaming/${id}/stats`)).body.stats;
  assert.equal((await stats()).media.timeline_origin ?? null, null, 'no origin before anything is published');

  const beforePublish = Date.now();
  const pub = await startProbe(srv.url, 'publish', `/api/v1/streaming/${id}/whip`, { token: owner.token });
  t.after(() => pub.stop());
  assert.equal(pub.status, 201, pub.text);
  const origin = await waitFor('timeline origin', async () => (await stats()).media.timeline_origin);
  assert.ok(origin >= beforePublish && origin <= Date.now(), `origin ${origin} within the publish`);

  // Each time a segment appears, the one before it has ended: its date + duration cannot lie in the
  // future of the moment we saw it, nor far behind it (the HLS pipeline's latency).
  const fetchPlaylist = async () => (await fetch(`${srv.url}/hls/${id}/index.m3u8`)).text();
  let seen = 0;
  let checked = 0;
  let last = '';
  await waitFor('4 segments, each seen as it closed', async () => {
    const text = await fetchPlaylist();
    const now = Date.now();
    const segs = datedSegments(text);
    if (segs.length > seen && seen > 0) {
      const closed = segs[segs.length - 1];
      const end = closed.date + closed.duration;
      assert.ok(end <= now + 50, `segment ending at ${end} seen at ${now}: dates run ahead of the clock`);
      assert.ok(end >= now - 2500, `segment ending at ${end} seen at ${now}: dates lag the clock`);
      checked++;
    }
    seen = segs.length;
    last = text;
    return checked >= 3;
  }, { timeout: 40000, interval: 50 });

  const segs = datedSegments(last);
  assert.equal(segs[0].date, origin, 'the first segment starts at the timeline origin');
  for (let i = 1; i < segs.length; i++) {
    // Each date is the origin plus the durations before it (rounded once, to the millisecond).
    const sum = segs.slice(0, i).reduce((a, s) => a + s.duration, 0);
    assert.ok(Math.abs(segs[i].date - (origin + sum)) <= 1, `segment ${i}: ${segs[i].date} vs ${origin + sum}`);
  }
});
