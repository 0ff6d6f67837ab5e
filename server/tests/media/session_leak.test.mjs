// Resources per media session come back: WHIP publish → DELETE, and WHEP play → DELETE, 20 times
// each, against the real binary with the GStreamer probe as peer. After every session the server's
// open file descriptors (/proc/PID/fd) and threads (/proc/PID/task) return to the baseline taken
// after one warm-up session (plugin loading, GLib's and GStreamer's thread pools, the DTLS
// certificate are paid once). While a session is live, every socket the process holds is on
// 127.0.0.1 (--webrtc-ip), none on the SSDP multicast port (UPnP), and after it no TCP connection
// is left in CLOSE-WAIT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { api } from '../integration/harness.mjs';
import { sleep } from '../integration/waits.mjs';
import { mediaServer, startProbe, waitFor } from './media_helpers.mjs';

const CYCLES = 20;
// Idle GStreamer/GLib pool threads may take a moment to park or exit after a pipeline stops.
const SETTLE_MS = 20000;

const ctx = mediaServer();

const pid = () => ctx.srv.proc.pid;
const fdCount = () => readdirSync(`/proc/${pid()}/fd`).length;
const threadCount = () => readdirSync(`/proc/${pid()}/task`).length;
const counts = () => ({ fds: fdCount(), threads: threadCount() });

// The process's sockets as {proto, local, port, state} from /proc/PID/net/* (the whole namespace)
// restricted to the socket inodes among its fds.
function sockets() {
  const inodes = new Set();
  for (const fd of readdirSync(`/proc/${pid()}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid()}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch { /* closed meanwhile */ }
  }
  const out = [];
  for (const proto of ['udp', 'tcp', 'udp6', 'tcp6']) {
    const lines = readFileSync(`/proc/${pid()}/net/${proto}`, 'utf8').trim().split('\n').slice(1);
    for (const line of lines) {
      const f = line.trim().split(/\s+/);
      if (!inodes.has(f[9])) continue;
      const [hex, port] = f[1].split(':');
      let local;
      if (hex.length === 8) local = [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.');
      else local = hex === '00000000000000000000000000000000' ? '::' : hex === '00000000000000000000000001000000' ? '::1' : hex;
      out.push({ proto, local, port: parseInt(port, 16), state: parseInt(f[3], 16) });
    }
  }
  return out;
}
const CLOSE_WAIT = 8;
const describe = (list) => list.map((s) => `${s.proto} ${s.local}:${s.port} st=${s.state}`).join(', ');

function assertLoopbackOnly(what) {
  const all = sockets();
  const foreign = all.filter((s) => s.local !== '127.0.0.1' && s.local !== '::1');
  assert.deepEqual(foreign, [], `${what}: sockets off 127.0.0.1: ${describe(foreign)}`);
  const ssdp = all.filter((s) => s.port === 1900);
  assert.deepEqual(ssdp, [], `${what}: SSDP (UPnP) sockets: ${describe(ssdp)}`);
}

// The figures once they stop moving (unchanged for 2 s; at most SETTLE_MS): the baseline.
async function settled() {
  const end = Date.now() + SETTLE_MS;
  let last = counts();
  let since = Date.now();
  while (Date.now() < end && Date.now() - since < 2000) {
    await sleep(250);
    const now = counts();
    if (now.fds !== last.fds || now.threads !== last.threads) { last = now; since = Date.now(); }
  }
  return last;
}

// Polls until fds and threads are back at `base` (or below); fails with the last figures.
async function assertBackTo(base, what) {
  const end = Date.now() + SETTLE_MS;
  let now = counts();
  while (Date.now() < end && (now.fds > base.fds || now.threads > base.threads)) {
    await sleep(200);
    now = counts();
  }
  assert.ok(now.fds <= base.fds && now.threads <= base.threads,
    `${what}: fds ${base.fds} → ${now.fds}, threads ${base.threads} → ${now.threads}; sockets: ${describe(sockets())}`);
  const closeWait = sockets().filter((s) => s.state === CLOSE_WAIT);
  assert.deepEqual(closeWait, [], `${what}: connections left in CLOSE-WAIT: ${describe(closeWait)}`);
}

const create = async () => {
  const r = await api(ctx.srv.url, 'POST', '/api/v1/streaming/create', { token: ctx.owner.token, body: { title: 'leak' } });
  assert.equal(r.status, 201, r.text);
  return r.body.stream.stream_id;
};
const stats = async (id) => (await api(ctx.srv.url, 'GET', `/api/v1/streaming/${id}/stats`)).body.stats;

// One whole broadcast: create, publish, wait for media, DELETE the WHIP session (ends the stream).
async function broadcast(t, { checkSockets = false } = {}) {
  const id = await create();
  const pub = await startProbe(ctx.srv.url, 'publish', `/api/v1/streaming/${id}/whip`, { token: ctx.owner.token });
  t.after(() => pub.stop());
  assert.equal(pub.status, 201, pub.text);
  await waitFor('media flowing', async () => (await stats(id))?.media?.frames > 10);
  if (checkSockets) assertLoopbackOnly('while publishing');
  const r = await api(ctx.srv.url, 'DELETE', pub.location, { token: ctx.owner.token });
  assert.equal(r.status, 200, r.text);
  await waitFor('stream ended', async () =>
    (await api(ctx.srv.url, 'GET', `/api/v1/streaming/${id}`)).body.stream.status === 'ENDED');
  await pub.stop();
}

test('a live session holds sockets on 127.0.0.1 only, none for UPnP', async (t) => {
  await broadcast(t, { checkSockets: true });
});

test(`WHIP sessions give back their fds and threads (${CYCLES} cycles)`, async (t) => {
  await broadcast(t);  // warm-up
  const base = await settled();
  t.diagnostic(`baseline after one session: ${JSON.stringify(base)}`);
  for (let i = 0; i < CYCLES; i++) {
    await broadcast(t);
    await assertBackTo(base, `after WHIP session ${i + 1}`);
  }
  t.diagnostic(`after ${CYCLES} sessions: ${JSON.stringify(await settled())}`);
});

test(`WHEP sessions give back their fds and threads (${CYCLES} cycles)`, async (t) => {
  const id = await create();
  const pub = await startProbe(ctx.srv.url, 'publish', `/api/v1/streaming/${id}/whip`, { token: ctx.owner.token });
  t.after(() => pub.stop());
  assert.equal(pub.status, 201, pub.text);
  await waitFor('media flowing', async () => (await stats(id))?.media?.frames > 10);
  const watch = async () => {
    const v = await startProbe(ctx.srv.url, 'play', `/api/v1/streaming/${id}/whep`);
    t.after(() => v.stop());
    assert.equal(v.status, 201, v.text);
    await waitFor('viewer frames', () => v.last()?.frames > 5);
    const r = await api(ctx.srv.url, 'DELETE', v.location);
    assert.equal(r.status, 200, r.text);
    await v.stop();
  };
  await watch();  // warm-up
  const base = await settled();
  t.diagnostic(`baseline after one viewer: ${JSON.stringify(base)}`);
  for (let i = 0; i < CYCLES; i++) {
    await watch();
    await assertBackTo(base, `after WHEP session ${i + 1}`);
  }
  t.diagnostic(`after ${CYCLES} viewers: ${JSON.stringify(await settled())}`);
  const r = await api(ctx.srv.url, 'DELETE', pub.location, { token: ctx.owner.token });
  assert.equal(r.status, 200, r.text);
});
