// One viewer worker of the soak (forked by soak.mjs; the viewers are spread over a few processes so the
// chat fan-out they receive does not saturate one Node thread). Keeps `count` anonymous socket.io-client
// viewers in the current stream and churns them: every second `churn` of them disconnect and as many
// new ones connect and join. Messages from the parent: {stream} (join that stream: at start and after a
// rotation), {pause}/{resume} (no churn while a stream is being swapped), {stop}. To the parent:
// {stats} every second.
import { streamingClient } from '../../server/tests/integration/it_helpers.mjs';
import { sleep } from '../../server/tests/integration/waits.mjs';

const [base, count, churn] = [process.argv[2], +process.argv[3], +process.argv[4]];
const { sockets, connect, ack } = streamingClient({ connectMs: 30000, ackMs: 30000 });
const live = [];
let streamId = null;
let paused = false;
let stopping = false;
const stats = { connected: 0, joins: 0, leaves: 0, received: 0, connect_failed: 0, join_failed: {}, disconnected: {} };

const fail = (code) => { stats.join_failed[code] = (stats.join_failed[code] || 0) + 1; };

async function join(socket) {
  const id = streamId;
  try {
    const r = await ack(socket, 'join_stream', { stream_id: id });
    if (r.ok) stats.joins++; else fail(r.error?.code || 'unknown');
  } catch (e) {
    fail(/timed out/.test(e.message) ? 'ack_timeout' : 'error');
  }
}

async function addViewer() {
  let socket;
  try {
    socket = await connect(base, null);
  } catch {
    stats.connect_failed++;
    return;
  }
  socket.on('chat_message', () => { stats.received++; });
  socket.on('disconnect', (reason) => {
    if (!socket.leaving) stats.disconnected[reason] = (stats.disconnected[reason] || 0) + 1;
    sockets.delete(socket);
  });
  live.push(socket);
  stats.connected = live.length;
  if (streamId) await join(socket);
}

function removeViewer() {
  const socket = live.splice(Math.floor(Math.random() * live.length), 1)[0];
  if (!socket) return;
  socket.leaving = true;
  socket.disconnect();
  stats.leaves++;
  stats.connected = live.length;
}

process.on('disconnect', () => process.exit(0));  // the soak is gone
process.on('message', async (m) => {
  if (m.stream) {
    streamId = m.stream;
    // Joined in batches so a rotation does not fire 1,000 joins in one tick.
    for (let i = 0; i < live.length; i += 50) await Promise.all(live.slice(i, i + 50).map(join));
    process.send({ joined: m.stream });
  }
  if (m.pause) paused = true;
  if (m.resume) paused = false;
  if (m.stop) {
    stopping = true;
    for (const s of live) { s.leaving = true; s.disconnect(); }
    process.send({ stats });
    setTimeout(() => process.exit(0), 200);
  }
});

// Ramp up in batches, then churn once a second.
for (let i = 0; i < count; i += 25) {
  await Promise.all(Array.from({ length: Math.min(25, count - i) }, addViewer));
}
process.send({ ready: live.length });
const report = setInterval(() => process.send({ stats }), 1000);
while (!stopping) {
  await sleep(1000);
  if (paused || stopping) continue;
  for (let i = 0; i < churn; i++) removeViewer();
  await Promise.all(Array.from({ length: churn }, addViewer));
}
clearInterval(report);
