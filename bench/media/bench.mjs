// Media benchmark: server CPU per WHIP ingest and per WHEP viewer, viewers per core, and the time
// from a viewer's POST to its first decoded frame. Everything runs on this machine: the publisher and
// viewers are tc_media_probe processes (GStreamer), ICE on 127.0.0.1. Server CPU is read from
// /proc/<pid>/stat (utime+stime) over a window, so the probes' own CPU is not counted.
// Usage: node bench/media/bench.mjs [--viewers 1,2,4,8] [--window 10] [--bitrate 1500] [--size 1280x720]
import { readFileSync } from 'node:fs';
import { startServer, api, register } from '../../server/tests/integration/harness.mjs';
import { startProbe, waitFor } from '../../server/tests/media/media_helpers.mjs';

const opt = (name, def) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : def; };
const viewerSteps = opt('viewers', '1,2,4,8').split(',').map(Number);
const windowS = +opt('window', '10');
const bitrate = opt('bitrate', '1500');
const [w, h] = opt('size', '1280x720').split('x');
const joins = +opt('joins', '5');
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

const srv = await startServer({ args: ['--webrtc-ip', '127.0.0.1', '--auth-rate-limit', '0',
  '--max-webrtc-viewers', '1000'], db: null });
const probes = [];
const results = { machine: `${(await import('node:os')).cpus().length} cores`, bitrate_kbps: +bitrate, size: `${w}x${h}`, steps: [] };
try {
  const owner = await register(srv.url);
  const id = (await api(srv.url, 'POST', '/api/v1/streaming/create', { token: owner.token, body: { title: 'bench' } })).body.stream.stream_id;
  await sleep(1000);
  results.idle_cpu = await cpuPercent(srv.proc.pid, 3);

  const pub = await startProbe(srv.url, 'publish', `/api/v1/streaming/${id}/whip`, { token: owner.token,
    args: ['--width', w, '--height', h, '--bitrate', bitrate, '--pattern', 'smpte'] });
  probes.push(pub);
  if (pub.status !== 201) throw new Error('publish: ' + pub.text);
  results.whip_answer_ms = Math.round(pub.answeredAt);
  await waitFor('live', async () => (await api(srv.url, 'GET', `/api/v1/streaming/${id}/stats`)).body.stats.media?.frames > 60, { timeout: 30000 });
  await sleep(3000);
  const st = (await api(srv.url, 'GET', `/api/v1/streaming/${id}/stats`)).body.stats.media;
  results.ingest = { cpu: await cpuPercent(srv.proc.pid, windowS), video_kbps: Math.round(st.video_bitrate_bps / 1000), fps: st.fps };

  // Join latency: decoding viewers, one at a time.
  results.join_ms = [];
  for (let i = 0; i < joins; i++) {
    const v = await startProbe(srv.url, 'play', `/api/v1/streaming/${id}/whep`);
    if (v.status !== 201) throw new Error('play: ' + v.text);
    await waitFor('first frame', () => v.first() !== null, { timeout: 10000 });
    results.join_ms.push({ answer: Math.round(v.answeredAt), first_frame: Math.round(v.answeredAt + v.first()) });
    await api(srv.url, 'DELETE', v.location);
    await v.stop();
    await sleep(500);
  }

  // CPU per viewer: receive-only viewers (no decoding, so the box's CPU goes to the server).
  const viewers = [];
  for (const n of viewerSteps) {
    while (viewers.length < n) {
      const v = await startProbe(srv.url, 'play', `/api/v1/streaming/${id}/whep`, { args: ['--decode', '0'] });
      if (v.status !== 201) throw new Error('play: ' + v.text);
      viewers.push(v); probes.push(v);
    }
    await waitFor('all receiving', () => viewers.every((v) => v.last()?.packets > 100), { timeout: 20000 });
    await sleep(2000);
    results.steps.push({ viewers: n, cpu: await cpuPercent(srv.proc.pid, windowS) });
  }
} finally {
  for (const p of probes) await p.stop().catch(() => {});
  await srv.stop();
  srv.cleanup();
}
const last = results.steps.at(-1);
results.cpu_per_viewer = (last.cpu - results.ingest.cpu) / last.viewers;
results.viewers_per_core = Math.floor(100 / results.cpu_per_viewer);
const med = (a) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];
results.join_first_frame_median_ms = med(results.join_ms.map((j) => j.first_frame));
console.log(JSON.stringify(results, null, 1));
console.log(`\n| scenario | server CPU (% of one core) |\n|---|---|`);
console.log(`| idle (stream created, no publisher) | ${results.idle_cpu.toFixed(1)} |`);
console.log(`| 1 ingest ${w}x${h} ~${results.ingest.video_kbps} kbit/s → recording + HLS + thumbnails | ${results.ingest.cpu.toFixed(1)} |`);
for (const s of results.steps) console.log(`| + ${s.viewers} WHEP viewer(s) | ${s.cpu.toFixed(1)} |`);
console.log(`\nper viewer ≈ ${results.cpu_per_viewer.toFixed(2)} % of a core → ~${results.viewers_per_core} viewers per core at this bitrate`);
console.log(`viewer POST → answer / first decoded frame (ms): ${results.join_ms.map((j) => `${j.answer}/${j.first_frame}`).join(', ')}`);
