// The `media_state` Socket.IO event reaches the stream's room as the publisher comes, goes and ends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { startServer, api, register } from '../integration/harness.mjs';
import { startProbe, waitFor, mediaArgs } from './media_helpers.mjs';

let srv;
before(async () => { srv = await startServer({ args: [...mediaArgs, '--auth-rate-limit', '0'], db: null }); });
after(async () => { await srv.stop(); srv.cleanup(); });

test('viewers in the room hear media_state: live, reconnecting, live, offline', async (t) => {
  const owner = await register(srv.url);
  const id = (await api(srv.url, 'POST', '/api/v1/streaming/create', { token: owner.token, body: { title: 'ev' } })).body.stream.stream_id;
  const socket = io(`${srv.url}/streaming`, { forceNew: true, reconnection: false, transports: ['websocket'] });
  t.after(() => socket.close());
  const states = [];
  socket.on('media_state', (m) => { assert.equal(m.stream_id, id); states.push(m.media_state); });
  await new Promise((res, rej) => { socket.on('connect', res); socket.on('connect_error', rej); });
  const ack = await socket.timeout(5000).emitWithAck('join_stream', { stream_id: id });
  assert.equal(ack.ok, true, JSON.stringify(ack));

  const first = await startProbe(srv.url, 'publish', `/api/v1/streaming/${id}/whip`, { token: owner.token });
  assert.equal(first.status, 201, first.text);
  await waitFor('live event', () => states.includes('live'));
  first.kill();
  await waitFor('reconnecting event', () => states.includes('reconnecting'), { timeout: 15000 });
  const second = await startProbe(srv.url, 'publish', `/api/v1/streaming/${id}/whip`, { token: owner.token });
  t.after(() => second.stop());
  assert.equal(second.status, 201, second.text);
  await waitFor('live again', () => states.filter((s) => s === 'live').length === 2);
  const ended = await api(srv.url, 'POST', `/api/v1/streaming/${id}/end`, { token: owner.token });
  assert.equal(ended.status, 200);
  await waitFor('offline event', () => states.includes('offline'));
  assert.deepEqual(states, ['live', 'reconnecting', 'live', 'offline']);
});
