// The real socket.io-client 4.8 against the binary in --protocol-test-mode, with each transport setup a
// browser or bot might use: default (polling, then upgrade to WebSocket), WebSocket only, polling only.
// Namespaces "/" and "/custom" emit `auth` with the CONNECT payload, echo `message` as `message-back`
// and ack `message-with-ack` with its arguments. Rules: /work/coord/protocol-rules.md (C1..C5, S6..S13).
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { itWith } from './harness.mjs';
import { protocolServerForFile, sleep, withTimeout, once as onceWithin } from './it_helpers.mjs';

let srv;

protocolServerForFile('/', (s) => ({ srv } = s));

const it = itWith({ timeout: 30_000, tagged: false });

const once = (emitter, event, ms = 10000) => onceWithin(emitter, event, ms);

// Connects and returns the socket together with the `auth` event's payload; the listener is attached
// before connecting because the server emits it right after the CONNECT answer.
async function open(nsp, opts) {
  const socket = io(`${srv.url}${nsp}`, { forceNew: true, reconnection: false, ...opts });
  const auth = once(socket, 'auth');
  auth.catch(() => {});
  const failed = new Promise((_, reject) => socket.once('connect_error', (e) => reject(new Error(`connect_error: ${e.message}`))));
  failed.catch(() => {});
  await Promise.race([once(socket, 'connect'), failed]);
  const [payload] = await Promise.race([auth, failed]);
  return { socket, auth: payload };
}

const emitAck = (socket, ...args) => withTimeout(new Promise((r) => socket.emit(...args, (...res) => r(res))), 10000, `ack for ${args[0]}`);

const setups = [
  ['default (polling then WebSocket)', {}],
  ['WebSocket only', { transports: ['websocket'] }],
  ['polling only', { transports: ['polling'] }],
];

for (const [label, opts] of setups) {
  it(`${label}: auth echoed, message-back, acks and binary round trip on /`, async () => {
    const { socket, auth } = await open('/', { ...opts, auth: { token: 'abc', n: 1 } });
    try {
      assert.deepEqual(auth, { token: 'abc', n: 1 });
      assert.equal(typeof socket.id, 'string');

      const back = once(socket, 'message-back');
      socket.emit('message', 1, '2', { 3: [true] }, 'héllo 🚀');
      assert.deepEqual(await back, [1, '2', { 3: [true] }, 'héllo 🚀']);

      assert.deepEqual(await emitAck(socket, 'message-with-ack', 'a', { b: [1, null] }), ['a', { b: [1, null] }]);

      const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);
      const binBack = once(socket, 'message-back');
      socket.emit('message', 'file', bytes, { nested: Buffer.from('xyz') });
      const [name, got, obj] = await binBack;
      assert.equal(name, 'file');
      assert.ok(Buffer.isBuffer(got), 'attachment should arrive as a Buffer');
      assert.deepEqual([...got], [...bytes]);
      assert.equal(Buffer.from(obj.nested).toString(), 'xyz');

      const binAck = await emitAck(socket, 'message-with-ack', Buffer.from([9, 9]), 'tail');
      assert.deepEqual([...binAck[0]], [9, 9]);
      assert.equal(binAck[1], 'tail');

      // Several acks outstanding at once come back to the right callbacks.
      const many = await Promise.all([1, 2, 3, 4, 5].map((i) => emitAck(socket, 'message-with-ack', i)));
      assert.deepEqual(many, [[1], [2], [3], [4], [5]]);
    } finally { socket.disconnect(); }
  });

  it(`${label}: custom namespace and an unknown namespace`, async () => {
    const { socket, auth } = await open('/custom', { ...opts, auth: { room: 'r1' } });
    try {
      assert.deepEqual(auth, { room: 'r1' });
      assert.deepEqual(await emitAck(socket, 'message-with-ack', 'on custom'), ['on custom']);
    } finally { socket.disconnect(); }

    const bad = io(`${srv.url}/random`, { forceNew: true, reconnection: false, ...opts });
    try {
      const [err] = await once(bad, 'connect_error');
      assert.equal(err.message, 'Invalid namespace');
      assert.equal(bad.connected, false);
    } finally { bad.disconnect(); }
  });

  it(`${label}: the connection survives several heartbeats (no auth → auth {})`, async () => {
    const { socket, auth } = await open('/', opts);
    try {
      assert.deepEqual(auth, {});
      let disconnected = null;
      socket.on('disconnect', (reason) => { disconnected = reason; });
      // pingInterval 300 ms + pingTimeout 200 ms: 2 s spans several ping rounds.
      await sleep(2000);
      assert.equal(disconnected, null, `disconnected: ${disconnected}`);
      assert.equal(socket.connected, true);
      assert.deepEqual(await emitAck(socket, 'message-with-ack', 'still here'), ['still here']);
      const transport = socket.io.engine.transport.name;
      if (opts.transports) assert.equal(transport, opts.transports[0]);
      else assert.equal(transport, 'websocket', 'default client should have upgraded to WebSocket');
    } finally { socket.disconnect(); }
  });
}

it('default setup: the polling → WebSocket upgrade happens and messages flow across it', async () => {
  const socket = io(srv.url, { forceNew: true, reconnection: false });
  try {
    const upgraded = once(socket.io.engine, 'upgrade', 10000);
    assert.equal(socket.io.engine.transport.name, 'polling', 'the default client starts on polling');
    await once(socket, 'connect');
    // Fire messages while the upgrade is in flight; none may be lost or reordered.
    const got = [];
    socket.on('message-back', (i) => got.push(i));
    for (let i = 0; i < 20; i++) socket.emit('message', i);
    const [transport] = await upgraded;
    assert.equal(transport.name, 'websocket');
    for (let i = 20; i < 40; i++) socket.emit('message', i);
    await withTimeout((async () => { while (got.length < 40) await sleep(20); })(), 10000, 'all 40 echoes');
    assert.deepEqual(got, Array.from({ length: 40 }, (_, i) => i));
  } finally { socket.disconnect(); }
});

it('two namespaces multiplexed over one connection share the Engine.IO session', async () => {
  const main = io(srv.url, { forceNew: true, reconnection: false, auth: { who: 'main' } });
  const mainAuth = once(main, 'auth');
  const custom = main.io.socket('/custom', { auth: { who: 'custom' } });
  const customAuth = once(custom, 'auth');
  mainAuth.catch(() => {});
  customAuth.catch(() => {});
  try {
    assert.deepEqual((await mainAuth)[0], { who: 'main' });
    assert.deepEqual((await customAuth)[0], { who: 'custom' });
    assert.notEqual(main.id, custom.id);
    assert.deepEqual(await emitAck(custom, 'message-with-ack', 'c'), ['c']);
    assert.deepEqual(await emitAck(main, 'message-with-ack', 'm'), ['m']);
    // Leaving /custom does not affect /.
    custom.disconnect();
    await sleep(100);
    assert.deepEqual(await emitAck(main, 'message-with-ack', 'm2'), ['m2']);
  } finally { custom.disconnect(); main.disconnect(); }
});
