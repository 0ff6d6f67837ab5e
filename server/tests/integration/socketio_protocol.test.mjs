// Socket.IO v5 packets over Engine.IO v4 against the real binary in --protocol-test-mode: namespaces "/"
// and "/custom" emit `auth` with the CONNECT payload, echo `message` as `message-back` and ack
// `message-with-ack` with its arguments. Raw frames via `ws` and raw polling via fetch, modelled on what
// the official socket.io-protocol suite checks. Rules: /work/coord/protocol-rules.md (S1..S16).
import assert from 'node:assert/strict';
import { itWith } from './harness.mjs';
import { protocolServerForFile, sleep, withTimeout, RawEngineIoClient } from './it_helpers.mjs';

const RS = '\x1e';
const PH0 = '{"_placeholder":true,"num":0}';
const PH1 = '{"_placeholder":true,"num":1}';

let srv, base, wsBase;
protocolServerForFile('/socket.io/', (s) => ({ srv, base, wsBase } = s));

const it = itWith({ timeout: 30_000, tagged: false });

// A raw Engine.IO WebSocket client on /socket.io/ that answers pings and queues everything else (frames
// are returned exactly as received, the Engine.IO `4` prefix kept; binary as Buffers).
class Client extends RawEngineIoClient {
  constructor() {
    super(`${wsBase}?EIO=4&transport=websocket`);
  }
  async open() {
    const m = await this.next();
    assert.equal(m[0], '0', m);
    return this;
  }
  // CONNECT to a namespace and check the answer; returns the Socket.IO sid and the auth echo.
  async connect(packet = '40', nsp = '') {
    this.send(packet);
    const prefix = nsp ? `40${nsp},` : '40';
    const ans = await this.next();
    assert.ok(ans.startsWith(prefix), `CONNECT answer ${ans}`);
    const body = JSON.parse(ans.slice(prefix.length));
    assert.deepEqual(Object.keys(body), ['sid']);
    assert.equal(typeof body.sid, 'string');
    const auth = await this.next();
    return { sid: body.sid, auth };
  }
}

async function connected(packet, nsp) {
  const c = await new Client().open();
  const r = await c.connect(packet, nsp);
  return { c, ...r };
}

async function expectClosed(c, what) {
  await withTimeout(c.closed, 5000, `connection close after ${what}`);
}

// ---- connect -------------------------------------------------------------------------------------

it('S6: CONNECT to / answers {"sid"} and then emits auth with {} when there was no payload', async () => {
  const { c, sid, auth } = await connected('40');
  try {
    assert.ok(sid.length >= 8);
    assert.equal(auth, '42["auth",{}]');
  } finally { c.close(); }
});

it('S6: CONNECT to / with a payload echoes it in auth', async () => {
  const { c, auth } = await connected('40{"token":"123"}');
  try { assert.equal(auth, '42["auth",{"token":"123"}]'); } finally { c.close(); }
});

it('S2/S6: CONNECT to /custom with and without trailing comma and payload', async () => {
  for (const [packet, expected] of [
    ['40/custom,', '42/custom,["auth",{}]'],
    ['40/custom', '42/custom,["auth",{}]'],
    ['40/custom,{"token":"abc"}', '42/custom,["auth",{"token":"abc"}]'],
  ]) {
    const { c, auth } = await connected(packet, '/custom');
    try { assert.equal(auth, expected, packet); } finally { c.close(); }
  }
});

it('S6: each namespace connection gets its own Socket.IO sid, distinct from the Engine.IO sid', async () => {
  const c = new Client();
  try {
    const open = JSON.parse((await c.next()).slice(1));
    const main = await c.connect('40');
    const custom = await c.connect('40/custom,', '/custom');
    assert.notEqual(main.sid, custom.sid);
    assert.notEqual(main.sid, open.sid);
    assert.notEqual(custom.sid, open.sid);
  } finally { c.close(); }
});

it('S7: an unknown namespace gets CONNECT_ERROR "Invalid namespace" and the connection stays usable', async () => {
  const c = await new Client().open();
  try {
    c.send('40/random');
    assert.equal(await c.next(), '44/random,{"message":"Invalid namespace"}');
    c.send('40/random,{"token":"x"}');
    assert.equal(await c.next(), '44/random,{"message":"Invalid namespace"}');
    const { auth } = await c.connect('40');
    assert.equal(auth, '42["auth",{}]');
  } finally { c.close(); }
});

it('S14: an invalid handshake packet closes the connection', async () => {
  const c = await new Client().open();
  c.send('4abc');
  await expectClosed(c, '4abc');
});

it('S14: a CONNECT whose payload is not an object closes the connection', async () => {
  for (const bad of ['40[]', '40"token"', '40/custom,[1]']) {
    const c = await new Client().open();
    c.send(bad);
    await expectClosed(c, bad);
  }
});

// ---- disconnect ----------------------------------------------------------------------------------

it('S13: DISCONNECT from / keeps the Engine.IO connection; the client may CONNECT again', async () => {
  const { c, sid } = await connected('40');
  try {
    c.send('41');
    await sleep(200);
    const again = await c.connect('40');
    assert.notEqual(again.sid, sid);
    assert.equal(again.auth, '42["auth",{}]');
    // Heartbeat continues over the same connection.
    const pings = c.pings;
    await sleep(800);
    assert.ok(c.pings > pings, 'no ping after namespace disconnect');
  } finally { c.close(); }
});

it('S13: connect then disconnect /custom; / still works', async () => {
  const { c } = await connected('40');
  try {
    await c.connect('40/custom', '/custom');
    c.send('41/custom');
    c.send('42["message","message to main namespace"]');
    assert.equal(await c.next(), '42["message-back","message to main namespace"]');
    await sleep(200);
    // /custom can be joined again.
    const again = await c.connect('40/custom,', '/custom');
    assert.equal(again.auth, '42/custom,["auth",{}]');
  } finally { c.close(); }
});

it('S10: a packet for a namespace the client has not joined closes the connection', async () => {
  const { c } = await connected('40');
  c.send('42/custom,["message","not joined"]');
  await expectClosed(c, 'event for a namespace not joined');
});

it('S10: a second CONNECT to a namespace already joined closes the connection', async () => {
  const { c } = await connected('40');
  c.send('40');
  await expectClosed(c, 'duplicate CONNECT');
});

// ---- messages and acks ---------------------------------------------------------------------------

it('S11: message is echoed as message-back with the same arguments', async () => {
  const { c } = await connected('40');
  try {
    c.send('42["message",1,"2",{"3":[true]}]');
    assert.equal(await c.next(), '42["message-back",1,"2",{"3":[true]}]');
    c.send('42["message","héllo 🚀",null,-1.5,[]]');
    assert.equal(await c.next(), '42["message-back","héllo 🚀",null,-1.5,[]]');
  } finally { c.close(); }
});

it('S11: message-with-ack is acked with its arguments (/ and /custom)', async () => {
  const { c } = await connected('40');
  try {
    c.send('42456["message-with-ack",1,"2",{"3":[false]}]');
    assert.equal(await c.next(), '43456[1,"2",{"3":[false]}]');
    c.send('420["message-with-ack"]');
    assert.equal(await c.next(), '430[]');
    // Ack ids beyond 32 bits are echoed exactly.
    c.send('424294967296["message-with-ack","big"]');
    assert.equal(await c.next(), '434294967296["big"]');
    await c.connect('40/custom,', '/custom');
    c.send('42/custom,7["message-with-ack","x",{"y":2}]');
    assert.equal(await c.next(), '43/custom,7["x",{"y":2}]');
    c.send('42/custom,["message","on custom"]');
    assert.equal(await c.next(), '42/custom,["message-back","on custom"]');
  } finally { c.close(); }
});

it('S12: binary event: placeholders and attachments are echoed in order', async () => {
  const { c } = await connected('40');
  try {
    c.send(`452-["message",${PH0},${PH1}]`);
    c.send(Uint8Array.from([1, 2, 3]));
    c.send(Uint8Array.from([4, 5, 6]));
    assert.equal(await c.next(), `452-["message-back",${PH0},${PH1}]`);
    const a = await c.next();
    const b = await c.next();
    assert.ok(Buffer.isBuffer(a) && Buffer.isBuffer(b), 'attachments must be binary frames');
    assert.deepEqual([...a], [1, 2, 3]);
    assert.deepEqual([...b], [4, 5, 6]);
  } finally { c.close(); }
});

it('S12: binary event with an ack on /custom: 46<n>-/custom,<id>[...] plus attachments', async () => {
  const { c } = await connected('40');
  try {
    c.send(`452-789["message-with-ack",${PH0},${PH1}]`);
    c.send(Uint8Array.from([1, 2, 3]));
    c.send(Uint8Array.from([4, 5, 6]));
    assert.equal(await c.next(), `462-789[${PH0},${PH1}]`);
    assert.deepEqual([...(await c.next())], [1, 2, 3]);
    assert.deepEqual([...(await c.next())], [4, 5, 6]);

    await c.connect('40/custom,', '/custom');
    c.send(`451-/custom,12["message-with-ack",{"file":${PH0}}]`);
    c.send(Uint8Array.from([0, 255]));
    assert.equal(await c.next(), `461-/custom,12[{"file":${PH0}}]`);
    assert.deepEqual([...(await c.next())], [0, 255]);
  } finally { c.close(); }
});

// ---- malformed packets ---------------------------------------------------------------------------

const malformed = [
  ['unknown packet type', ['4abc']],
  ['unknown packet type digit', ['47[]']],
  ['event payload not an array', ['42{}']],
  ['ack id not digits', ['42abc["message-with-ack",1,"2",{"3":[false]}]']],
  ['event without a name', ['42[]']],
  ['reserved event name', ['42["disconnect"]']],
  ['truncated JSON', ['42["message"']],
  ['DISCONNECT with a payload', ['41{"a":1}']],
  ['binary event without attachment count', [`45["message",${PH0}]`]],
  ['text packet while an attachment is pending', [`451-["message",${PH0}]`, '42["message","text"]']],
  ['binary frame no packet announced', [Uint8Array.from([1, 2, 3])]],
];
for (const [what, frames] of malformed) {
  it(`S14: malformed packet closes the connection: ${what}`, async () => {
    const { c } = await connected('40');
    for (const f of frames) c.send(f);
    await expectClosed(c, what);
  });
}

// ---- over polling --------------------------------------------------------------------------------

async function pollingSession() {
  const r = await fetch(`${base}?EIO=4&transport=polling`);
  const text = await r.text();
  assert.equal(r.status, 200);
  return JSON.parse(text.slice(1)).sid;
}
async function post(sid, body) {
  const r = await fetch(`${base}?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body });
  assert.equal(r.status, 200);
  assert.equal(await r.text(), 'ok');
}
// Non-ping packets of the next payload(s), answering pings.
async function nextPackets(sid) {
  for (let i = 0; i < 6; i++) {
    const r = await fetch(`${base}?EIO=4&transport=polling&sid=${sid}`);
    const text = await r.text();
    assert.equal(r.status, 200, text);
    const packets = text.split(RS);
    const others = packets.filter((p) => p !== '2');
    if (others.length !== packets.length) await post(sid, '3');
    if (others.length) return others;
  }
  throw new Error('only pings received');
}

it('S16: over polling, the CONNECT answer and the auth event arrive in one payload', async () => {
  const sid = await pollingSession();
  await post(sid, '40{"token":"p"}');
  const packets = await nextPackets(sid);
  assert.equal(packets.length, 2, JSON.stringify(packets));
  assert.match(packets[0], /^40\{"sid":"[^"]+"\}$/);
  assert.equal(packets[1], '42["auth",{"token":"p"}]');
});

it('S12/S16: binary event and ack over polling use b+base64 attachments', async () => {
  const sid = await pollingSession();
  await post(sid, '40');
  await nextPackets(sid);
  await post(sid, [`452-["message",${PH0},${PH1}]`, 'bAQID', 'bBAUG'].join(RS));
  assert.deepEqual(await nextPackets(sid), [`452-["message-back",${PH0},${PH1}]`, 'bAQID', 'bBAUG']);
  await post(sid, [`451-3["message-with-ack",${PH0}]`, 'bAP8='].join(RS));
  assert.deepEqual(await nextPackets(sid), [`461-3[${PH0}]`, 'bAP8=']);
});

it('S14: a malformed packet over polling ends the session', async () => {
  const sid = await pollingSession();
  await post(sid, '40');
  await nextPackets(sid);
  const r = await fetch(`${base}?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body: '42{}' }).catch(() => null);
  if (r) await r.text();
  // The session is gone (maybe after one final GET carrying the close packet).
  let g = await fetch(`${base}?EIO=4&transport=polling&sid=${sid}`);
  let text = await g.text();
  if (g.status === 200) {
    assert.ok(text.split(RS).includes('1'), `expected close packet, got ${text}`);
    g = await fetch(`${base}?EIO=4&transport=polling&sid=${sid}`);
    text = await g.text();
  }
  assert.equal(g.status, 400, text);
});

// ---- limits (issue 12) -----------------------------------------------------------------------------

it('S7: refused CONNECTs are limited: ten get CONNECT_ERROR, the eleventh closes the connection', async () => {
  // Connected to "/" first, so that the connect timeout (no namespace joined) is not what closes it.
  const { c } = await connected();
  for (let i = 0; i < 10; i++) {
    c.send(`40/nope${i},`);
    assert.equal(await c.next(), `44/nope${i},{"message":"Invalid namespace"}`);
  }
  // Still usable after ten refusals.
  c.send('42["message","still here"]');
  assert.equal(await c.next(), '42["message-back","still here"]');
  c.send('40/nope10,');
  await expectClosed(c, 'the eleventh refused CONNECT');
  // A client that connects where it may is not affected.
  const { c: ok } = await connected();
  ok.close();
});
