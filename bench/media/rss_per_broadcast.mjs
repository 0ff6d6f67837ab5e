// Memory per broadcast: the soak's RSS rises in steps when a stream ends and the next starts, so this
// runs only that: create → WHIP publish (tc_media_probe) → media flowing → DELETE → ENDED, N times,
// and prints the server's RSS (/proc/PID/status VmRSS) after each. A leak grows by about the same
// amount every cycle; heap growth the allocator keeps for reuse levels off.
// Usage: node bench/media/rss_per_broadcast.mjs [--cycles 40] [--env MALLOC_ARENA_MAX=2]
import { readFileSync } from 'node:fs';
import { api, startServer, register } from '../../server/tests/integration/harness.mjs';
import { sleep } from '../../server/tests/integration/waits.mjs';
import { mediaArgs, startProbe, waitFor } from '../../server/tests/media/media_helpers.mjs';

const opt = (name, def) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : def; };
const cycles = +opt('cycles', '40');
const env = Object.fromEntries(opt('env', '').split(',').filter(Boolean).map((kv) => kv.split('=')));

const srv = await startServer({ args: mediaArgs, env });
const owner = await register(srv.url);
const rssMiB = () => +/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${srv.proc.pid}/status`, 'utf8'))[1] / 1024;

async function broadcast() {
  const c = await api(srv.url, 'POST', '/api/v1/streaming/create', { token: owner.token, body: { title: 'rss' } });
  if (c.status !== 201) throw new Error(`create: ${c.status} ${c.text}`);
  const id = c.body.stream.stream_id;
  const pub = await startProbe(srv.url, 'publish', `/api/v1/streaming/${id}/whip`, { token: owner.token });
  try {
    if (pub.status !== 201) throw new Error(`whip: ${pub.status} ${pub.text}`);
    await waitFor('media flowing', async () =>
      (await api(srv.url, 'GET', `/api/v1/streaming/${id}/stats`)).body.stats?.media?.frames > 60);
    await api(srv.url, 'DELETE', pub.location, { token: owner.token });
    await waitFor('ended', async () => (await api(srv.url, 'GET', `/api/v1/streaming/${id}`)).body.stream.status === 'ENDED');
  } finally {
    await pub.stop();
  }
}

const series = [];
try {
  for (let i = 1; i <= cycles; i++) {
    await broadcast();
    await sleep(1000);
    series.push(rssMiB());
    console.log(`cycle ${i} rss=${series.at(-1).toFixed(1)} MiB`);
  }
} finally {
  await srv.stop();
}
const q = Math.floor(series.length / 4);
const slope = (series.at(-1) - series[q]) / (series.length - 1 - q);
console.log(`RSS after cycle 1: ${series[0].toFixed(1)} MiB, after ${q + 1}: ${series[q].toFixed(1)}, after ${series.length}: ` +
  `${series.at(-1).toFixed(1)}; from cycle ${q + 1} on ${slope.toFixed(2)} MiB per broadcast`);
