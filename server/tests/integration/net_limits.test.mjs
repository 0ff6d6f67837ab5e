// The transport's own limits against the real binary (docs/api.md "Connections and limits"): slow
// clients are cut off by the header deadline and the idle keep-alive timeout; a refused body still
// being sent gets its refusal (413, WebSocket 1009) rather than a reset; the WebSocket close handshake
// and frame rules of RFC 6455, with hand-built frames over raw TCP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import crypto from 'node:crypto';
import { api, register } from './harness.mjs';
import { serverForFile, sleep, withTimeout } from './it_helpers.mjs';

const HEADER_TIMEOUT_MS = 1000;
const IDLE_TIMEOUT_MS = 1500;
const UPLOAD_LIMIT = 1 << 20;
let srv;
serverForFile({
  args: ['--auth-rate-limit', '0', '--media', 'false', '--upload-limit', String(UPLOAD_LIMIT),
    '--http-header-timeout', `${HEADER_TIMEOUT_MS}ms`, '--http-idle-timeout', `${IDLE_TIMEOUT_MS}ms`],
}, (s) => { srv = s; });

const REPEAT = 20;

// A raw TCP connection that records what it receives and when it is closed.
function rawSocket() {
  const s = net.connect(srv.port, '127.0.0.1');
  s.received = Buffer.alloc(0);
  s.on('data', (d) => { s.received = Buffer.concat([s.received, d]); });
  s.on('error', () => {});
  s.gone = new Promise((r) => s.on('close', () => r(Date.now())));
  s.opened = new Promise((r) => s.on('connect', r));
  return s;
}

async function metric(name) {
  const r = await api(srv.url, 'GET', '/metrics');
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)`, 'm').exec(r.text);
  return m ? Number(m[1]) : null;
}

test('500 slowloris connections do not hold the server; the header deadline closes them', async () => {
  const sockets = [];
  for (let i = 0; i < 500; i++) sockets.push(rawSocket());
  await Promise.all(sockets.map((s) => s.opened));
  const started = Date.now();
  for (const s of sockets) s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
  // One header byte at a time, never finishing the head.
  const drip = setInterval(() => { for (const s of sockets) if (!s.destroyed) s.write('X'); }, 200);
  try {
    const r = await withTimeout(api(srv.url, 'GET', '/healthz'), 2000, 'a request beside 500 slow ones');
    assert.equal(r.status, 200, r.text);
    const closedAt = await withTimeout(Promise.all(sockets.map((s) => s.gone)), HEADER_TIMEOUT_MS + 5000,
      'the server closing 500 slow connections');
    const latest = Math.max(...closedAt) - started;
    assert.ok(latest >= HEADER_TIMEOUT_MS - 100, `closed after ${latest} ms, before the deadline`);
    // Closed without an answer to a head that never completed.
    for (const s of sockets) assert.equal(s.received.length, 0);
  } finally {
    clearInterval(drip);
    for (const s of sockets) s.destroy();
  }
  assert.ok((await metric('tradecast_http_open_connections')) <= 2);
});

test('an idle keep-alive connection is closed after the idle timeout; a busy one is not', async () => {
  const idle = rawSocket();
  await idle.opened;
  const started = Date.now();
  idle.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  const closedAt = await withTimeout(idle.gone, IDLE_TIMEOUT_MS + 3000, 'the idle connection closing');
  assert.match(idle.received.toString(), /^HTTP\/1\.1 200/);
  assert.ok(closedAt - started >= IDLE_TIMEOUT_MS - 100, `closed after ${closedAt - started} ms`);

  // Requests every half timeout keep a connection open past it.
  const busy = rawSocket();
  await busy.opened;
  let closed = false;
  busy.gone.then(() => { closed = true; });
  for (let i = 0; i < 5; i++) {
    busy.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await sleep(IDLE_TIMEOUT_MS / 2);
  }
  assert.equal(closed, false);
  assert.equal(busy.received.toString().match(/HTTP\/1\.1 200/g).length, 5);
  busy.destroy();
});

// Sends `total` bytes in `chunk`-sized writes (as fetch and browsers stream a body), stops writing once
// the answer is in. Resolves with the status and body, or with the error that reached the client first.
function streamBody(path, { method = 'POST', headers = {}, total, chunk = 16 * 1024, chunked = false }) {
  return new Promise((resolve) => {
    const h = { ...headers };
    if (!chunked) h['content-length'] = String(total);
    const req = http.request(`${srv.url}${path}`, { method, headers: h, agent: false });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => { resolve({ status: res.statusCode, text }); req.destroy(); });
      res.on('error', (e) => resolve({ error: `response: ${e.code || e.message}` }));
    });
    req.on('error', (e) => { if (!answered) resolve({ error: e.code || e.message }); });
    const piece = Buffer.alloc(chunk, 'a');
    let sent = 0;
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk;
        if (!req.write(piece)) return req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

async function assertRefusedEveryTime(what, send, status, code) {
  const outcomes = [];
  for (let i = 0; i < REPEAT; i++) outcomes.push(await send());
  const wrong = outcomes.filter((o) => o.status !== status || !o.text.includes(code));
  assert.equal(wrong.length, 0, `${what}: ${wrong.length} of ${REPEAT} did not get ${status} ${code}: ` +
    JSON.stringify(wrong.slice(0, 3)));
}

test('a REST body over 64 KiB streamed in chunks gets 413, every time', async () => {
  const u = await register(srv.url);
  const headers = { authorization: `Bearer ${u.token}`, 'content-type': 'application/json' };
  await assertRefusedEveryTime('content-length', () => streamBody('/api/v1/streaming/create', { headers, total: 1 << 20 }),
    413, 'payload_too_large');
  await assertRefusedEveryTime('chunked', () => streamBody('/api/v1/streaming/create', { headers, total: 1 << 20, chunked: true }),
    413, 'payload_too_large');
});

test('a 1.3 MB Engine.IO polling POST gets 413, every time', async () => {
  await assertRefusedEveryTime('polling POST', async () => {
    const open = await api(srv.url, 'GET', '/socket.io/?EIO=4&transport=polling');
    const sid = JSON.parse(open.text.slice(1)).sid;
    return streamBody(`/socket.io/?EIO=4&transport=polling&sid=${sid}`,
      { headers: { 'content-type': 'text/plain;charset=UTF-8' }, total: 1300 * 1024 });
  }, 413, '');
});

test('a 5 GB upload gets 413, every time, without the server reading it all', async () => {
  const u = await register(srv.url);
  const headers = { authorization: `Bearer ${u.token}`, 'content-type': 'multipart/form-data; boundary=x' };
  await assertRefusedEveryTime('upload', () => streamBody('/api/v1/streaming/upload', { headers, total: 5 * 1024 ** 3, chunk: 64 * 1024 }),
    413, 'payload_too_large');
});

// A client that does not read while it writes (its event loop busy writing, or a slow reader) sees
// the answer only once it reads. Here it reads nothing until it has written 320 MiB of a 5 GB upload,
// more than the server used to discard before closing (256 MiB): the close then reset the connection
// and the client's next write failed. It must get the whole 413 and the server's end once it reads.
test('a client that writes 320 MiB of a 5 GB upload before it reads still gets the 413, not a reset', async () => {
  const u = await register(srv.url);
  const s = rawSocket();
  let ended = false;
  s.on('end', () => { ended = true; });
  let error = null;
  s.on('error', (e) => { error = e.code || e.message; });
  await s.opened;
  s.pause();  // nothing is read from here until the 320 MiB are written
  s.write(`POST /api/v1/streaming/upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${u.token}\r\n` +
    `Content-Type: multipart/form-data; boundary=x\r\nContent-Length: ${5 * 1024 ** 3}\r\n\r\n`);
  const piece = Buffer.alloc(1 << 20, 'a');
  for (let i = 0; i < 320 && !error; i++) {
    if (!s.write(piece)) await new Promise((r) => { s.once('drain', r); s.once('close', r); });
  }
  assert.equal(error, null, 'writing the body failed before the client read the answer');
  s.resume();
  await withTimeout((async () => { while (!s.received.includes('}') && !error) await sleep(5); })(), 5000, 'the answer');
  assert.equal(error, null, 'the connection was reset before the client read the answer');
  assert.match(s.received.toString(), /^HTTP\/1\.1 413 [^]*payload_too_large/);
  // The server closed its side after the answer; the client ends its own and the connection is gone.
  await withTimeout((async () => { while (!ended) await sleep(5); })(), 5000, 'the server\'s end of the stream');
  s.end();
  await withTimeout(s.gone, 5000, 'the close');
});

// ---- WebSocket over raw TCP

function maskedFrame(first, payload, { lengthForm } = {}) {
  const mask = crypto.randomBytes(4);
  const n = payload.length;
  let head;
  if (lengthForm === 16 || (!lengthForm && n >= 126 && n < 65536)) {
    head = Buffer.from([first, 0x80 | 126, n >> 8, n & 0xff]);
  } else if (lengthForm === 64 || (!lengthForm && n >= 65536)) {
    head = Buffer.alloc(10);
    head[0] = first;
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  } else {
    head = Buffer.from([first, 0x80 | n]);
  }
  const body = Buffer.from(payload);
  for (let i = 0; i < n; i++) body[i] ^= mask[i & 3];
  return Buffer.concat([head, mask, body]);
}
const closeFrame = (code, reason = Buffer.alloc(0)) => {
  const p = Buffer.alloc(2);
  p.writeUInt16BE(code);
  return maskedFrame(0x88, Buffer.concat([p, Buffer.from(reason)]));
};

// Server frames (unmasked) parsed from the bytes received so far.
function serverFrames(buf) {
  const out = [];
  let i = 0;
  while (i + 2 <= buf.length) {
    let len = buf[i + 1] & 0x7f;
    let h = 2;
    if (len === 126) { len = buf.readUInt16BE(i + 2); h = 4; } else if (len === 127) { len = Number(buf.readBigUInt64BE(i + 2)); h = 10; }
    if (i + h + len > buf.length) break;
    const payload = buf.subarray(i + h, i + h + len);
    out.push({ opcode: buf[i] & 0x0f, payload, code: (buf[i] & 0x0f) === 8 && len >= 2 ? payload.readUInt16BE(0) : null });
    i += h + len;
  }
  return out;
}

const upgradeHead = (key = crypto.randomBytes(16).toString('base64'), extra = '') =>
  `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`;

// An upgraded raw connection: `frames()` are the server's frames after the 101.
async function rawWebSocket() {
  const s = rawSocket();
  await s.opened;
  s.write(upgradeHead());
  await withTimeout((async () => { while (!s.received.includes('\r\n\r\n')) await sleep(5); })(), 5000, '101');
  const end = s.received.indexOf('\r\n\r\n') + 4;
  assert.match(s.received.subarray(0, end).toString(), /^HTTP\/1\.1 101/);
  s.frames = () => serverFrames(s.received.subarray(end));
  s.closeCode = async () => {
    await withTimeout(s.gone, 8000, 'the server closing the WebSocket');
    const close = s.frames().find((f) => f.opcode === 8);
    return close ? close.code : 'no close frame';
  };
  return s;
}

test('close codes a peer may not send are answered 1002; valid ones are echoed; 1005/1006 never sent', async () => {
  for (const code of [0, 999, 1004, 1005, 1006, 1016, 2999, 5000]) {
    const s = await rawWebSocket();
    s.write(closeFrame(code));
    assert.equal(await s.closeCode(), 1002, `close code ${code}`);
  }
  for (const code of [1000, 1001, 1003, 1011, 3000, 4999]) {
    const s = await rawWebSocket();
    s.write(closeFrame(code, 'bye'));
    assert.equal(await s.closeCode(), code, `close code ${code}`);
  }
  // No code at all: an empty close frame back (1005 is never put on the wire).
  const s = await rawWebSocket();
  s.write(maskedFrame(0x88, Buffer.alloc(0)));
  await s.gone;
  const close = s.frames().find((f) => f.opcode === 8);
  assert.ok(close, 'a close frame');
  assert.equal(close.payload.length, 0);
});

test('a close reason that is not UTF-8 is answered 1007', async () => {
  const s = await rawWebSocket();
  s.write(closeFrame(1000, Buffer.from([0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5, 0xed, 0xa0, 0x80])));
  assert.equal(await s.closeCode(), 1007);
});

test('non-minimal payload lengths are refused with 1002', async () => {
  for (const lengthForm of [16, 64]) {
    const s = await rawWebSocket();
    s.write(maskedFrame(0x81, Buffer.from('2'), { lengthForm }));
    assert.equal(await s.closeCode(), 1002, `${lengthForm}-bit length for 1 byte`);
  }
});

test('a ping flood is cut off: the connection is closed with 1008 long before 10,000 pongs', async () => {
  const s = await rawWebSocket();
  const pings = [];
  for (let i = 0; i < 10000; i++) pings.push(maskedFrame(0x89, Buffer.from('p')));
  s.write(Buffer.concat(pings));
  assert.equal(await s.closeCode(), 1008);
  const pongs = s.frames().filter((f) => f.opcode === 10).length;
  assert.ok(pongs < 1000, `${pongs} pongs`);
});

test('a WebSocket handshake with a bad key gets 400, and one with 1,000 headers 431; neither 101', async () => {
  for (const key of ['', 'short', 'AAAAAAAAAAAAAAAAAAAAAAAA', crypto.randomBytes(17).toString('base64'),
    crypto.randomBytes(16).toString('hex'), 'dGhlIHNhbXBsZSBub25jZQ=!']) {
    const s = rawSocket();
    await s.opened;
    s.write(upgradeHead(key));
    await withTimeout(s.gone, 5000, 'close after a bad key');
    assert.match(s.received.toString(), /^HTTP\/1\.1 400/, `key "${key}"`);
  }
  let extra = '';
  for (let i = 0; i < 1000; i++) extra += `X-H${i}: v\r\n`;
  const s = rawSocket();
  await s.opened;
  s.write(upgradeHead(undefined, extra));
  await withTimeout(s.gone, 5000, 'close after 1,000 headers');
  assert.match(s.received.toString(), /^HTTP\/1\.1 431/);
});

test('a message over --max-payload gets the 1009 close, not a reset, every time', async () => {
  let lost = 0;
  const got = [];
  for (let i = 0; i < REPEAT; i++) {
    const s = await rawWebSocket();
    // 4 MiB in 64 KiB writes, as a client sends a big message.
    const frame = maskedFrame(0x81, Buffer.alloc(4 << 20, 'a'));
    for (let off = 0; off < frame.length && !s.destroyed; off += 64 * 1024) {
      if (!s.write(frame.subarray(off, off + 64 * 1024))) await Promise.race([new Promise((r) => s.once('drain', r)), s.gone]);
    }
    const code = await s.closeCode();
    got.push(code);
    if (code !== 1009) lost++;
  }
  assert.equal(lost, 0, `1009 lost in ${lost} of ${REPEAT}: ${got.join(',')}`);
});
