// The /streaming event boundary (docs/realtime.md "Acks"): every client event that carries an ack gets
// exactly one, success or error, however many arrive at once.
import assert from 'node:assert/strict';
import { api, register, itWith } from './harness.mjs';
import { serverForFile, streamingClient, createStream } from './it_helpers.mjs';

const { sockets, connect, ack } = streamingClient({ connectMs: 30000, ackMs: 60000 });
let srv;
serverForFile({ args: ['--auth-rate-limit', '0', '--chat-rate-limit', '0'] },
  (s) => { srv = s; }, sockets);

const it = itWith({ timeout: 120_000 });

it('20 join_stream emitted at once are all acked, in order, and the last one is where the socket is', async () => {
  const owner = await register(srv.url);
  const a = await createStream(srv.url, owner.token, 'pipelined A');
  const b = await createStream(srv.url, owner.token, 'pipelined B');
  const viewer = await register(srv.url);
  const socket = await connect(srv.url, viewer.token);
  // Alternating A, B, A, … B: all emitted before the first answer can arrive.
  const ids = Array.from({ length: 20 }, (_, i) => (i % 2 ? b.stream_id : a.stream_id));
  const acks = await Promise.all(ids.map((stream_id) => ack(socket, 'join_stream', { stream_id })));
  assert.equal(acks.length, 20);
  acks.forEach((r, i) => {
    assert.equal(r.ok, true, `join ${i}: ${JSON.stringify(r)}`);
    assert.equal(r.stream_id, ids[i], `join ${i} answers its own stream`);
  });
  // The socket is in B (the last join) and no longer in A.
  assert.equal((await ack(socket, 'send_message', { stream_id: b.stream_id, message: 'in B' })).ok, true);
  const inA = await ack(socket, 'send_message', { stream_id: a.stream_id, message: 'in A?' });
  assert.equal(inA.ok, false);
  assert.equal(inA.error.code, 'not_in_stream');
  const stats = await api(srv.url, 'GET', `/api/v1/streaming/${a.stream_id}`);
  assert.equal(stats.status, 200, stats.text);
  socket.disconnect();
});

it('a failed join is acked with its error, also among pipelined ones', async () => {
  const owner = await register(srv.url);
  const live = await createStream(srv.url, owner.token, 'pipelined live');
  const socket = await connect(srv.url);
  const ids = [live.stream_id, 'no-such-stream', live.stream_id, 'no-such-stream-either'];
  const acks = await Promise.all(ids.map((stream_id) => ack(socket, 'join_stream', { stream_id })));
  assert.deepEqual(acks.map((r) => r.ok), [true, false, true, false]);
  assert.equal(acks[1].error.code, 'stream_not_found');
  assert.equal(acks[3].error.code, 'stream_not_found');
  socket.disconnect();
});

// Past 32 waiting (docs/realtime.md "Acks"), a join is refused at once with too_many_joins: still one
// ack per event, counted on the wire (socket.io-client would drop a second ack for an id silently),
// and a refused join changes nothing: the socket ends up where the last accepted join put it.
it('100 join_stream at once: past 32 waiting they get too_many_joins, each event exactly one ack on the wire', async () => {
  const owner = await register(srv.url);
  const a = await createStream(srv.url, owner.token, 'burst A');
  const b = await createStream(srv.url, owner.token, 'burst B');
  const viewer = await register(srv.url);
  const socket = await connect(srv.url, viewer.token);
  const acksOnWire = new Map();  // ack id -> how many ack packets arrived for it
  socket.io.engine.on('packet', (p) => {
    const m = p.type === 'message' && /^3\/streaming,(\d+)\[/.exec(String(p.data));
    if (m) acksOnWire.set(m[1], (acksOnWire.get(m[1]) ?? 0) + 1);
  });
  const ids = Array.from({ length: 100 }, (_, i) => (i % 2 ? b.stream_id : a.stream_id));
  const acks = await Promise.all(ids.map((stream_id) => ack(socket, 'join_stream', { stream_id })));
  const refused = acks.filter((r) => !r.ok);
  for (const r of refused) {
    assert.equal(r.error.code, 'too_many_joins', JSON.stringify(r));
    assert.ok(r.error.message);
  }
  // The first 33 (one running, 32 waiting) always fit; well before 100 the queue is full.
  assert.ok(acks.slice(0, 33).every((r) => r.ok), JSON.stringify(acks.slice(0, 33).filter((r) => !r.ok)));
  assert.ok(refused.length >= 1, 'some joins refused');
  await new Promise((r) => setTimeout(r, 200));  // a stray second ack would be in by now
  assert.equal(acksOnWire.size, 100, `acks for ${acksOnWire.size} of 100 ids`);
  assert.deepEqual([...acksOnWire.values()].filter((n) => n !== 1), [], 'an id acked more than once');
  const last = ids[acks.findLastIndex((r) => r.ok)];
  const other = last === a.stream_id ? b.stream_id : a.stream_id;
  assert.equal((await ack(socket, 'send_message', { stream_id: last, message: 'here' })).ok, true);
  assert.equal((await ack(socket, 'send_message', { stream_id: other, message: 'not here' })).error.code, 'not_in_stream');
  socket.disconnect();
});
