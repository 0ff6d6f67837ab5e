// Memory per viewer visit: the soak's RSS keeps rising slowly between stream changes, on SQLite and on
// MariaDB alike, while 20 viewers a second come and go. This runs only that churn: rounds of
// --batch anonymous socket.io-client viewers that connect, join one live stream, and disconnect, and
// prints the server's RSS (/proc/PID/status VmRSS) after each round. Whatever a visit leaves behind
// grows with the rounds; memory the allocator keeps for reuse levels off.
// Usage: node bench/realtime/rss_per_viewer_churn.mjs [--rounds 40] [--batch 500]
import { readFileSync } from 'node:fs';
import { startServer, register } from '../../server/tests/integration/harness.mjs';
import { streamingClient, createStream } from '../../server/tests/integration/it_helpers.mjs';
import { sleep } from '../../server/tests/integration/waits.mjs';

const opt = (name, def) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : def; };
const rounds = +opt('rounds', '40');
const batch = +opt('batch', '500');

const srv = await startServer({
  args: ['--handshake-rate', '0', '--max-connections-per-ip', '1000000', '--rest-rate-limit-ip', '0', '--rest-rate-limit-token', '0'],
});
const rssMiB = () => +/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${srv.proc.pid}/status`, 'utf8'))[1] / 1024;
const owner = await register(srv.url);
const streamId = (await createStream(srv.url, owner.token, 'churn')).stream_id;
const client = streamingClient({ connectMs: 20000, ackMs: 20000 });

const series = [];
try {
  for (let r = 1; r <= rounds; r++) {
    const socks = await Promise.all(Array.from({ length: batch }, async () => {
      const s = await client.connect(srv.url);
      const ack = await s.emitWithAck('join_stream', { stream_id: streamId });
      if (ack?.error) throw new Error(`join_stream: ${JSON.stringify(ack.error)}`);
      return s;
    }));
    for (const s of socks) s.disconnect();
    await sleep(1500);
    series.push(rssMiB());
    console.log(`round ${r} (${r * batch} visits) rss=${series.at(-1).toFixed(1)} MiB`);
  }
} finally {
  await srv.stop();
}
const q = Math.floor(series.length / 4);
const perVisit = ((series.at(-1) - series[q]) * 1024 * 1024) / ((series.length - 1 - q) * batch);
console.log(`RSS after round 1: ${series[0].toFixed(1)} MiB, after ${q + 1}: ${series[q].toFixed(1)}, after ` +
  `${series.length}: ${series.at(-1).toFixed(1)}; from round ${q + 1} on ${perVisit.toFixed(0)} bytes per visit`);
