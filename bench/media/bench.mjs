// Media benchmark: server CPU per WHIP ingest — H.264 passthrough and VP8 (HLS transcoded to H.264) —
// and per WHEP viewer, viewers per core, and the time from a viewer's POST to its first decoded frame.
// Both codecs run in one process, one after the other, with the same picture size and bitrate. Everything runs on this machine: the publisher and
// viewers are tc_media_probe processes (GStreamer), ICE on 127.0.0.1. Server CPU is read from
// /proc/<pid>/stat (utime+stime) over a window, so the probes' own CPU is not counted.
// Usage: node bench/media/bench.mjs [--codecs h264,vp8] [--viewers 1,2,4,8] [--window 10] [--bitrate 1500]
//        [--size 1280x720] [--joins 5] [--pattern 'smpte horizontal-speed=4']
import { readFileSync } from 'node:fs';
import { startServer, api, register } from '../../server/tests/integration/harness.mjs';
import { startProbe, waitFor } from '../../server/tests/media/media_helpers.mjs';

const opt = (name, def) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : def; };
const viewerSteps = opt('viewers', '1,2,4,8').split(',').map(Number);
const windowS = +opt('window', '10');
const bitrate = opt('bitrate', '1500');
const [w, h] = opt('size', '1280x720').split('x');
const joins = +opt('joins', '5');
const codecs = opt('codecs', 'h264,vp8').split(',');
// videotestsrc pattern and properties: 'smpte' is a still picture; 'smpte horizontal-speed=4'
// scrolls it, so every macroblock changes every frame (an encoder's worst honest case).
const pattern = opt('pattern', 'smpte');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const hz = 100;  // USER_HZ on Linux

const cpuTicks = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return +f[11] + +f[12];  // utime + stime
};
async function cpuPercent(pid, seconds) {
  const t0 = cpuTicks(pid); const w0 = performance.now();
  await sleep(seconds * 1000);
  return ((cpuTicks(pid) - t0) / hz) / ((performance.now() - w0) / 1000) * 100;  // % of one core
}

const srv = await startServer({ args: ['--webrtc-ip', '127.0.0.1', '--auth-rate-limit', '0', '--rest-rate-limit-ip', '0', '--rest-rate-limit-token', '0',
  '--max-webrtc-viewers', '1000'], db: null });
const results = { pattern, machine: `${(await import('node:os')).cpus().length} cores`, bitrate_kbps: +bitrate, size: `${w}x${h}`,
  load_average: (await import('node:os')).loadavg().map((x) => +x.toFixed(1)), cases: {} };
const med = (a) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];
const stats = async (id) => (await api(srv.url, 'GET', `/api/v1/streaming/${id}/stats`)).body.stats.media;

// One publisher of `codec`, then join timings, then CPU with 1..N receive-only viewers; ends the stream.
async function runCase(owner, codec) {
  const probes = [];
  const out = { steps: [], join_ms: [] };
  const id = (await api(srv.url, 'POST', '/api/v1/streaming/create', { token: owner.token, body: { title: `bench ${codec}` } })).body.stream.stream_id;
  try {
    const pub = await startProbe(srv.url, 'publish', `/api/v1/streaming/${id}/whip`, { token: owner.token,
      args: ['--codec', codec, '--width', w, '--height', h, '--bitrate', bitrate, '--pattern', pattern] });
    probes.push(pub);
    if (pub.status !== 201) throw new Error('publish: ' + pub.text);
    out.whip_answer_ms = Math.round(pub.answeredAt);
    await waitFor('live', async () => (await stats(id))?.frames > 60, { timeout: 30000 });
    await sleep(3000);
    // Frame rate and bitrate as averages over the CPU window (the stats' own rates cover 1 s).
    const f0 = await stats(id); const t0 = performance.now();
    out.ingest = { cpu: await cpuPercent(srv.proc.pid, windowS) };
    const st = await stats(id);
    const secs = (performance.now() - t0) / 1000;
    Object.assign(out.ingest, { video_kbps: Math.round(st.video_bitrate_bps / 1000), fps: +((st.frames - f0.frames) / secs).toFixed(1),
      keyframes_per_s: +((st.keyframes - f0.keyframes) / secs).toFixed(2),
      size: `${st.width}x${st.height}`, hls_transcode: st.hls_transcode, hls_segments: st.hls_segments });

    // Join latency: decoding viewers, one at a time.
    for (let i = 0; i < joins; i++) {
      const v = await startProbe(srv.url, 'play', `/api/v1/streaming/${id}/whep`, { args: ['--codecs', 'h264,vp8'] });
      if (v.status !== 201) throw new Error('play: ' + v.text);
      await waitFor('first frame', () => v.first() !== null, { timeout: 10000 });
      out.join_ms.push({ answer: Math.round(v.answeredAt), first_frame: Math.round(v.answeredAt + v.first()) });
      await api(srv.url, 'DELETE', v.location);
      await v.stop();
      await sleep(500);
    }

    // CPU per viewer: receive-only viewers (no decoding, so the box's CPU goes to the server).
    const viewers = [];
    for (const n of viewerSteps) {
      while (viewers.length < n) {
        const v = await startProbe(srv.url, 'play', `/api/v1/streaming/${id}/whep`, { args: ['--decode', '0', '--codecs', 'h264,vp8'] });
        if (v.status !== 201) throw new Error('play: ' + v.text);
        viewers.push(v); probes.push(v);
      }
      await waitFor('all receiving', () => viewers.every((v) => v.last()?.packets > 100), { timeout: 20000 });
      await sleep(2000);
      out.steps.push({ viewers: n, cpu: await cpuPercent(srv.proc.pid, windowS) });
    }
  } finally {
    for (const p of probes) await p.stop().catch(() => {});
    await api(srv.url, 'POST', `/api/v1/streaming/${id}/end`, { token: owner.token });
  }
  const last = out.steps.at(-1);
  out.cpu_per_viewer = (last.cpu - out.ingest.cpu) / last.viewers;
  out.viewers_per_core = Math.floor(100 / out.cpu_per_viewer);
  out.join_first_frame_median_ms = med(out.join_ms.map((j) => j.first_frame));
  return out;
}

try {
  const owner = await register(srv.url);
  await api(srv.url, 'POST', '/api/v1/streaming/create', { token: owner.token, body: { title: 'idle' } });
  await sleep(1000);
  results.idle_cpu = await cpuPercent(srv.proc.pid, 3);
  for (const codec of codecs) {
    results.cases[codec] = await runCase(owner, codec);
    await sleep(2000);
  }
} finally {
  await srv.stop();
  srv.cleanup();
}
const { h264, vp8 } = results.cases;
if (h264 && vp8) {
  results.transcode_vs_passthrough_ingest = +(vp8.ingest.cpu / h264.ingest.cpu).toFixed(2);
  results.transcode_ingest_vs_viewer = +(vp8.ingest.cpu / h264.cpu_per_viewer).toFixed(1);
  results.passthrough_ingest_vs_viewer = +(h264.ingest.cpu / h264.cpu_per_viewer).toFixed(1);
}
console.log(JSON.stringify(results, null, 1));
console.log(`\nidle (stream created, no publisher): ${results.idle_cpu.toFixed(1)} % of one core`);
console.log(`\n| scenario | ${codecs.map((c) => (c === 'vp8' ? 'VP8 (HLS transcoded)' : 'H.264 (passthrough)')).join(' | ')} |`);
console.log(`|---|${codecs.map(() => '---').join('|')}|`);
const cases = codecs.map((c) => results.cases[c]);
console.log(`| 1 ingest ${w}x${h} → recording + HLS + thumbnails | ${cases.map((c) => `${c.ingest.cpu.toFixed(1)} (${c.ingest.video_kbps} kbit/s, ${c.ingest.fps} fps)`).join(' | ')} |`);
viewerSteps.forEach((n, i) => console.log(`| + ${n} WHEP viewer(s) | ${cases.map((c) => c.steps[i].cpu.toFixed(1)).join(' | ')} |`));
console.log(`| per WHEP viewer | ${cases.map((c) => c.cpu_per_viewer.toFixed(2)).join(' | ')} |`);
console.log(`| viewer POST → first frame, median of ${joins} (ms) | ${cases.map((c) => c.join_first_frame_median_ms).join(' | ')} |`);
if (h264 && vp8) {
  console.log(`\nVP8 ingest / H.264 ingest = ${results.transcode_vs_passthrough_ingest}×; ` +
    `one VP8 ingest costs as much as ${results.transcode_ingest_vs_viewer} WHEP viewers, one H.264 ingest ${results.passthrough_ingest_vs_viewer}`);
}
