// The disk under the SQLite database fills up during a tip storm and chat, then space returns
// (issue 12 §2-3). The data dir is a small tmpfs mounted by the test (needs root; skipped otherwise).
// Tips are refused with 507 storage_full (Socket.IO: ack {ok:false, error:{code:'storage_full'}}),
// nothing is half-posted, chat acknowledged meanwhile reaches history once space is back, and the
// same idempotency keys pay exactly once afterwards; `ledger verify` is clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api } from './harness.mjs';
import { streamingClient, eventually, stopServer } from './it_helpers.mjs';
import { balance, key, tip, tippingRoom, verifyLedger, OPERATOR_KEY } from './money_helpers.mjs';

const root = process.getuid?.() === 0;
let mnt;
let srv;
const client = streamingClient({ connectMs: 10000, ackMs: 10000 });
const { sockets, ack } = client;

before(async () => {
  if (!root) return;
  mnt = mkdtempSync(join(tmpdir(), 'tc-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mnt]);
  srv = await startServer({ db: null, dataDir: mnt, args: ['--db-timeout', '2s', '--auth-rate-limit', '0', '--handshake-rate', '0',
    '--tip-rate-limit', '0', '--chat-rate-limit', '0', '--media', 'false', '--operator-key', OPERATOR_KEY] });
});
after(async () => {
  for (const s of sockets) s.disconnect();
  if (srv) await stopServer(srv);
  if (mnt) {
    execFileSync('umount', ['-l', mnt]);
    rmSync(mnt, { recursive: true, force: true });
  }
});

// Fills the file system until a write fails; returns the filler's path.
function fill(dir) {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(256 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    assert.equal(e.code, 'ENOSPC');
  } finally {
    closeSync(fd);
  }
  return path;
}

test('a full disk: tips refused with 507 storage_full, nothing half-posted, all well once space returns', { skip: !root && 'needs root (mounts a tmpfs)', timeout: 60_000 }, async () => {
  const { viewer, stream, socket } = await tippingRoom(srv, client, 10_000);
  const paid = await tip(srv, viewer.token, stream.stream_id, { amount_cents: 300, idempotency_key: key('before') });
  assert.equal(paid.status, 201, paid.text);

  const filler = fill(mnt);
  const keys = Array.from({ length: 20 }, () => key('full'));
  let chat;
  try {
    const storm = await Promise.all(keys.map((k) => tip(srv, viewer.token, stream.stream_id, { amount_cents: 100, idempotency_key: k })));
    for (const r of storm) {
      assert.equal(r.status, 507, r.text);
      assert.equal(r.body.error.code, 'storage_full');
      assert.match(r.headers.get('retry-after') ?? '', /^\d+$/);
    }
    const sock = await ack(socket, 'send_tip', { stream_id: stream.stream_id, amount_cents: 100, idempotency_key: key('full-sock') });
    assert.equal(sock.ok, false, JSON.stringify(sock));
    assert.equal(sock.error.code, 'storage_full');
    // Reads still work; the balance is what it was before the disk filled.
    assert.equal(await balance(srv, viewer.token), 10_000 - 300);
    const health = await api(srv.url, 'GET', '/healthz');
    assert.equal(health.status, 200, health.text);  // the database answers: reads are served
    chat = await ack(socket, 'send_message', { stream_id: stream.stream_id, message: 'said on a full disk' });
    assert.equal(chat.ok, true, JSON.stringify(chat));
  } finally {
    rmSync(filler);
  }
  // Space is back: the refused tips were not made, so their keys pay exactly once now.
  for (const k of keys) {
    const r = await tip(srv, viewer.token, stream.stream_id, { amount_cents: 100, idempotency_key: k });
    assert.equal(r.status, 201, r.text);
  }
  assert.equal(await balance(srv, viewer.token), 10_000 - 300 - 100 * keys.length);
  const history = await eventually(() => api(srv.url, 'GET', `/api/v1/streaming/${stream.stream_id}/messages`),
    'the message said on a full disk in history', 10_000, { interval: 250, accept: (r) => r.text.includes('said on a full disk') });
  assert.match(history.text, /said on a full disk/);
  verifyLedger(srv);
});
