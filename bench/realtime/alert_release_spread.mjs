// Fair release by tier (issue 13): the spread between the first and the last send of one tier's
// release pass, at 1,000 and 10,000 sockets on one stream. The streamer posts alerts over REST with
// the FREE tier 1 s behind; every viewer is anonymous (FREE), so each alert's FREE pass goes to all
// of them at once. The server measures each pass (GET /api/v1/alerts/:id/delivery: sockets,
// spread_ms); the clients note when each alert arrived, for the spread as received. Viewers are raw
// Engine.IO/Socket.IO WebSocket clients (the `ws` package), light enough for 10,000 in one process.
//
// Usage: node bench/realtime/alert_release_spread.mjs [--sockets 1000,10000] [--alerts 30]
// (about 90 s for both sizes; the server and the clients share this machine's two cores).
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, register, api } from '../../server/tests/integration/harness.mjs';
import { createStream } from '../../server/tests/integration/it_helpers.mjs';
import { sleep } from '../../server/tests/integration/waits.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '../../server/tests/integration/package.json'));
const WebSocket = require('ws');

const opt = (name, def) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : def; };
const sizes = opt('sockets', '1000,10000').split(',').map(Number);
const alerts = +opt('alerts', '30');
const FREE_DELAY_S = 1;

const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const nowMs = () => performance.timeOrigin + performance.now();  // epoch ms with µs

// One viewer: EIO4 over WebSocket, /streaming, join_stream; records when each `alert` arrives.
function viewer(base, streamId, got) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const timer = setTimeout(() => reject(new Error('viewer join timed out')), 60000);
    ws.on('error', reject);
    ws.on('message', (data) => {
      const m = data.toString();
      if (m === '2') return ws.send('3');
      if (m[0] === '0') return ws.send('40/streaming,');
      if (m.startsWith('40/streaming,')) return ws.send(`42/streaming,0["join_stream",{"stream_id":"${streamId}"}]`);
      if (m.startsWith('43/streaming,0')) { clearTimeout(timer); return resolve(ws); }
      if (m.startsWith('42/streaming,["alert"')) {
        const id = /"alert_id":"([^"]+)"/.exec(m)[1];
        const t = nowMs();
        const a = got.get(id) || { first: t, last: t, n: 0 };
        a.first = Math.min(a.first, t); a.last = Math.max(a.last, t); a.n++;
        got.set(id, a);
      }
    });
  });
}

async function run(size) {
  const srv = await startServer({
    args: ['--handshake-rate', '0', '--max-connections-per-ip', '1000000', '--max-connections', '200000',
      '--rest-rate-limit-ip', '0', '--rest-rate-limit-token', '0', '--auth-rate-limit', '0', '--media', 'false',
      '--argon2-cost', 'min'],
    logLimit: 200,
  });
  try {
    const streamer = await register(srv.url);
    let r = await api(srv.url, 'PUT', '/api/v1/channels/me/alert-settings', {
      token: streamer.token,
      body: { disclaimer: 'Not financial advice. Trading involves risk.', release_delays: { PREMIUM: 0, BASIC: 0, FREE: FREE_DELAY_S } },
    });
    if (r.status !== 200) throw new Error(`alert settings: ${r.status} ${r.text}`);
    const streamId = (await createStream(srv.url, streamer.token, `spread ${size}`)).stream_id;

    const got = new Map();
    const sockets = [];
    const t0 = Date.now();
    for (let i = 0; i < size; i += 250) {
      const batch = Math.min(250, size - i);
      sockets.push(...await Promise.all(Array.from({ length: batch }, () => viewer(srv.url, streamId, got))));
    }
    const connectS = (Date.now() - t0) / 1000;
    await sleep(1000);

    const server = [];
    const client = [];
    for (let k = 0; k < alerts; k++) {
      r = await api(srv.url, 'POST', `/api/v1/streaming/${streamId}/alerts`, {
        token: streamer.token,
        body: { symbol: 'ES1!', side: 'long', entry: `${5850 + k}`, stop: '5840', targets: ['5870'],
          holds_position: true, paid_promotion: false, idempotency_key: `bench-${size}-${k}` },
      });
      if (r.status !== 201 && r.status !== 200) throw new Error(`post alert: ${r.status} ${r.text}`);
      const id = r.body.alert.alert_id;
      // The FREE pass is due 1 s after the post; wait until the server reports it and every viewer has it.
      let free;
      for (let tries = 0; tries < 100; tries++) {
        await sleep(100);
        const d = await api(srv.url, 'GET', `/api/v1/alerts/${id}/delivery`, { token: streamer.token });
        free = d.body.delivery.events[0].tiers.find((t) => t.tier === 'FREE');
        if (free.released && (got.get(id)?.n || 0) >= size) break;
      }
      if (!free.released || free.sockets !== size) throw new Error(`alert ${k}: ${JSON.stringify(free)}`);
      server.push(free.spread_ms);
      const c = got.get(id);
      client.push(c.last - c.first);
    }
    const load = readFileSync('/proc/loadavg', 'utf8').trim();
    const result = {
      bench: 'alert_release_spread', at: new Date().toISOString(), sockets: size, alerts,
      connect_s: connectS,
      server_spread_ms: { p50: quantile(server, 0.5), p99: quantile(server, 0.99), max: Math.max(...server) },
      client_spread_ms: { p50: +quantile(client, 0.5).toFixed(3), p99: +quantile(client, 0.99).toFixed(3), max: +Math.max(...client).toFixed(3) },
      loadavg: load,
      rev: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here, encoding: 'utf8' }).trim(),
    };
    console.log(JSON.stringify(result));
    for (const s of sockets) s.terminate();
    return result;
  } finally {
    await srv.stop();
    srv.cleanup?.();
  }
}

mkdirSync(join(here, 'results'), { recursive: true });
const file = join(here, 'results', `alert-release-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}Z.jsonl`);
for (const size of sizes) appendFileSync(file, JSON.stringify(await run(size)) + '\n');
console.log(`results: ${file}`);
