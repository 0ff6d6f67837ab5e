// The soak of issue 12 §5: mixed load on one node for `--minutes`, then a check that nothing was lost.
// Not part of make test (it takes the machine). Usage and what it prints: bench/soak/README.md.
//
//   node bench/soak/soak.mjs --minutes 30                     # the full run (2,000 viewers, 20 msg/s)
//   node bench/soak/soak.mjs --minutes 3 --viewers 200 --chat-rate 5 --rotate-minutes 1 --out docs/soak-short
//
// Load: viewers (anonymous socket.io-client, in --workers processes) joining and leaving (--churn per
// second), chat from --chatters signed-in sockets at --chat-rate msg/s with acks, reactions, one tip
// every --tip-seconds (socket send_tip and REST in turn), one Chromium WHIP publisher with --whep WHEP
// viewers and HLS pulls, and the stream ended (WHIP DELETE) and a new one started every
// --rotate-minutes. Every --sample-seconds: the server's RSS, fds, threads, DB connections and CPU.
// At the end: every acked chat message is in its stream's history, every acked tip in the ledger (the
// stream's tip totals and each tipper's balance), `tradecast ledger verify` clean, and no error log line.
// Exit code 1 if any of these fails.
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, api, register, repoRoot, uniqueName } from '../../server/tests/integration/harness.mjs';
import { streamingClient, createStream } from '../../server/tests/integration/it_helpers.mjs';
import { sleep, eventually } from '../../server/tests/integration/waits.mjs';
import { OPERATOR_KEY, deposit, cli } from '../../server/tests/integration/money_helpers.mjs';
import { mediaArgs } from '../../server/tests/media/media_helpers.mjs';
import { sampleProcess } from './process_stats.mjs';
import { startMediaLoad } from './media_load.mjs';
import { writeCsv, flatness, svgPlot, writePng } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DEFAULTS = { minutes: 30, viewers: 2000, workers: 2, churn: 0, 'chat-rate': 20, chatters: 10, 'reaction-rate': 4,
  'tip-seconds': 1, tippers: 4, whep: 5, 'rotate-minutes': 5, 'sample-seconds': 10, 'warmup-minutes': -1, db: '',
  out: 'docs/soak', video: '640x360' };
const opt = { ...DEFAULTS };
for (let i = 2; i < process.argv.length; i += 2) {
  const k = process.argv[i].replace(/^--/, '');
  if (!(k in DEFAULTS)) { console.error(`unknown option --${k}; options: ${Object.keys(DEFAULTS).join(', ')}`); process.exit(2); }
  opt[k] = typeof DEFAULTS[k] === 'number' ? +process.argv[i + 1] : process.argv[i + 1];
}
if (!opt.churn) opt.churn = Math.max(1, Math.round(opt.viewers / 100));  // 1 % of the viewers a second
const warmupS = (opt['warmup-minutes'] >= 0 ? opt['warmup-minutes'] : Math.min(5, opt.minutes / 5)) * 60;
if (opt.db) process.env.TC_IT_MYSQL_URL = opt.db;
const [vw, vh] = opt.video.split('x').map(Number);
const log = (...a) => console.error(new Date().toISOString().slice(11, 19), ...a);

// ---- the server ---------------------------------------------------------------------------------------
// Budgets and rate limits off (benchmarks), one address carries every viewer, media on loopback.
const srv = await startServer({
  db: opt.db ? undefined : null, logLimit: 200_000, startMs: 30000,
  args: [...mediaArgs, '--auth-rate-limit', '0', '--handshake-rate', '0', '--chat-rate-limit', '0', '--tip-rate-limit', '0',
    '--rest-rate-limit-ip', '0', '--rest-rate-limit-token', '0', '--max-connections-per-ip', '1000000',
    '--operator-key', OPERATOR_KEY],
});
const dbKind = srv.dbUrl ? { kind: 'mariadb', port: +(new URL(srv.dbUrl).port || 3306) } : { kind: 'sqlite', file: join(srv.dataDir, 'tradecast.db') };
const logLines = { error: [], warn: [] };
let logRest = '';
const onLog = (d) => {
  const lines = (logRest + d.toString()).split('\n');
  logRest = lines.pop();
  for (const l of lines) {
    const level = /\blevel=(error|warn)\b/.exec(l)?.[1];
    if (level) logLines[level].push(l);
  }
};
// A crash of this script must not leave the server running.
process.on('exit', () => { if (srv.proc.exitCode === null && srv.proc.signalCode === null) srv.proc.kill('SIGKILL'); });
srv.proc.stdout.on('data', onLog);
srv.proc.stderr.on('data', onLog);
log(`server pid ${srv.proc.pid} on ${srv.url} (${dbKind.kind}); ${JSON.stringify(opt)}`);

// ---- accounts, the first stream, the media load -----------------------------------------------------------
const owner = await register(srv.url, uniqueName('soakowner'));
const chatters = await Promise.all(Array.from({ length: opt.chatters }, (_, i) => register(srv.url, uniqueName(`chat${i}`))));
const tippers = await Promise.all(Array.from({ length: opt.tippers }, (_, i) => register(srv.url, uniqueName(`tip${i}`))));
const FUNDS = 1_000_000_000;
for (const t of tippers) await deposit(srv, t.user.id, FUNDS);

const streams = [];  // every stream of the run, in order
const rotationsS = [];
const media = await startMediaLoad(srv.url, { viewers: opt.whep, width: vw, height: vh, fps: 15 });
const isLive = (id) => () => eventually(async () => (await api(srv.url, 'GET', `/api/v1/streaming/${id}`)).body.stream.media_state === 'live',
  `stream ${id} live`, 30000, { interval: 250 });
async function newStream() {
  const s = await createStream(srv.url, owner.token, `soak ${streams.length + 1}`);
  streams.push(s.stream_id);
  await media.start(s.stream_id, owner.token, isLive(s.stream_id));
  return s.stream_id;
}
let streamId = await newStream();

// ---- viewers (worker processes) ---------------------------------------------------------------------------
const workers = [];
const workerStats = [];
for (let w = 0; w < opt.workers; w++) {
  const share = Math.floor(opt.viewers / opt.workers) + (w < opt.viewers % opt.workers ? 1 : 0);
  const churn = Math.floor(opt.churn / opt.workers) + (w < opt.churn % opt.workers ? 1 : 0);
  const child = fork(join(here, 'viewers.mjs'), [srv.url, String(share), String(churn)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  workers.push(child);
  child.on('message', (m) => { if (m.stats) workerStats[w] = m.stats; });
}
await Promise.all(workers.map((c) => new Promise((r) => c.on('message', (m) => m.ready !== undefined && r()))));
const tellViewers = (stream) => Promise.all(workers.map((c) => new Promise((r) => {
  const on = (m) => { if (m.joined === stream) { c.off('message', on); r(); } };
  c.on('message', on);
  c.send({ stream });
})));
await tellViewers(streamId);
const viewerTotals = () => {
  const t = { connected: 0, joins: 0, leaves: 0, received: 0, connect_failed: 0, join_failed: {}, disconnected: {} };
  for (const s of workerStats.filter(Boolean)) {
    for (const k of ['connected', 'joins', 'leaves', 'received', 'connect_failed']) t[k] += s[k];
    for (const k of ['join_failed', 'disconnected']) for (const [c, n] of Object.entries(s[k])) t[k][c] = (t[k][c] || 0) + n;
  }
  return t;
};
log(`${opt.viewers} viewers asked for, in stream ${streamId}`);

// ---- chat, reactions, tips ------------------------------------------------------------------------------
const { sockets, connect, ack } = streamingClient({ connectMs: 30000, ackMs: 30000 });
const chatSockets = await Promise.all(chatters.map((c) => connect(srv.url, c.token)));
const tipSockets = await Promise.all(tippers.map((t) => connect(srv.url, t.token)));
const joinAll = async (id) => { for (const s of chatSockets) { const r = await ack(s, 'join_stream', { stream_id: id }); if (!r.ok) throw new Error(JSON.stringify(r)); } };
await joinAll(streamId);

const acked = { messages: [], tips: [] };  // {stream, id} / {stream, tipper, amount, id}
const refused = {};  // "event:code" -> count
const counts = { sent_messages: 0, reactions_ok: 0, tips_sent: 0, skipped: 0 };
const inflight = new Set();
let rotating = false;
let seq = 0;
const refuse = (event, code) => { refused[`${event}:${code}`] = (refused[`${event}:${code}`] || 0) + 1; };
const track = (p) => { inflight.add(p); p.finally(() => inflight.delete(p)); };
const MAX_INFLIGHT = 500;  // past this the server is not keeping up: skip and count, never queue forever

function sendChat() {
  if (rotating) return;
  if (inflight.size > MAX_INFLIGHT) { counts.skipped++; return; }
  const n = seq++;
  const stream = streamId;
  counts.sent_messages++;
  track(ack(chatSockets[n % chatSockets.length], 'send_message', { stream_id: stream, message: `soak ${n} ${'x'.repeat(n % 60)}` })
    .then((r) => (r.ok ? acked.messages.push({ stream, id: r.message_id }) : refuse('send_message', r.error?.code)),
      () => refuse('send_message', 'ack_timeout')));
}
function sendReaction() {
  if (rotating) return;
  const n = seq++;
  track(ack(chatSockets[n % chatSockets.length], 'send_reaction', { stream_id: streamId, emoji: ['🔥', '🚀', '👍'][n % 3] })
    .then((r) => (r.ok ? counts.reactions_ok++ : refuse('send_reaction', r.error?.code)), () => refuse('send_reaction', 'ack_timeout')));
}
function sendTip() {
  if (rotating) return;
  const n = counts.tips_sent++;
  const i = n % tippers.length;
  const stream = streamId;
  const body = { amount_cents: 100 + (n % 50), message: `soak tip ${n}`, idempotency_key: `soak-${process.pid}-${n}` };
  const viaSocket = n % 2 === 0;
  const done = viaSocket
    ? ack(tipSockets[i], 'send_tip', { stream_id: stream, ...body }).then((r) => (r.ok ? r.tip : { code: r.error?.code }))
    : api(srv.url, 'POST', `/api/v1/streaming/${stream}/tips`, { token: tippers[i].token, body }).then((r) => (r.status === 201 ? r.body.tip : { code: r.body?.error?.code ?? r.status }));
  track(done.then((t) => (t.tip_id ? acked.tips.push({ stream, tipper: i, amount: t.amount_cents, id: t.tip_id }) : refuse(viaSocket ? 'send_tip' : 'POST tips', t.code)),
    () => refuse(viaSocket ? 'send_tip' : 'POST tips', 'timeout')));
}

// Ends the live stream (its WHIP session goes) and starts the next; the load pauses meanwhile.
async function rotate() {
  rotating = true;
  workers.forEach((c) => c.send({ pause: true }));
  await Promise.allSettled([...inflight]);
  const old = streamId;
  await media.stop();
  const ended = await eventually(async () => (await api(srv.url, 'GET', `/api/v1/streaming/${old}`)).body.stream.status === 'ENDED',
    `stream ${old} ended by its WHIP DELETE`, 15000, { interval: 200 }).catch(() => false);
  if (!ended) {
    refuse('rotation', 'whip_delete_did_not_end');
    await api(srv.url, 'POST', `/api/v1/streaming/${old}/end`, { token: owner.token });
  }
  streamId = await newStream();
  await joinAll(streamId);
  await tellViewers(streamId);
  workers.forEach((c) => c.send({ resume: true }));
  rotationsS.push((Date.now() - t0) / 1000);
  rotating = false;
  log(`rotated ${old} -> ${streamId}`);
}

// ---- the run and its samples ------------------------------------------------------------------------------
const samples = [];
const t0 = Date.now();
let last = { t: t0, cpu_s: sampleProcess(srv.proc.pid, dbKind).cpu_s, frames: await media.framesDecoded() };
const csvPath = resolve(repoRoot, `${opt.out}.csv`);
async function sample() {
  const now = Date.now();
  const p = sampleProcess(srv.proc.pid, dbKind);
  const frames = await media.framesDecoded().catch(() => 0);
  const secs = (now - last.t) / 1000;
  const v = viewerTotals();
  samples.push({
    t_s: Math.round((now - t0) / 1000), rss_mb: p.rss_mb, fds: p.fds, threads: p.threads, db_conns: p.db_conns,
    cpu_pct: +(((p.cpu_s - last.cpu_s) / secs) * 100).toFixed(1), viewers: v.connected,
    chat_acked: acked.messages.length, tips_acked: acked.tips.length, reactions_ok: counts.reactions_ok,
    chat_delivered: v.received, hls_segments: media.stats.hls_ok,
    whep_fps: +(((frames >= last.frames ? frames - last.frames : frames) / secs) / Math.max(1, opt.whep)).toFixed(1),
    error_lines: logLines.error.length, warn_lines: logLines.warn.length, load1: +loadavg()[0].toFixed(2),
  });
  last = { t: now, cpu_s: p.cpu_s, frames };
  writeCsv(csvPath, samples);
  const s = samples.at(-1);
  log(`t=${s.t_s}s rss=${s.rss_mb}MiB fds=${s.fds} threads=${s.threads} db=${s.db_conns} cpu=${s.cpu_pct}% viewers=${s.viewers} ` +
    `chat=${s.chat_acked} tips=${s.tips_acked} hls=${s.hls_segments} whep_fps=${s.whep_fps} load=${s.load1}`);
}

const timers = [
  setInterval(sendChat, 1000 / opt['chat-rate']),
  setInterval(sendReaction, 1000 / opt['reaction-rate']),
  setInterval(sendTip, opt['tip-seconds'] * 1000),
];
const end = t0 + opt.minutes * 60_000;
let nextSample = t0 + opt['sample-seconds'] * 1000;
let nextRotation = t0 + opt['rotate-minutes'] * 60_000;
while (Date.now() < end) {
  await sleep(Math.max(0, Math.min(nextSample, end) - Date.now()));
  if (Date.now() >= nextSample) { await sample(); nextSample += opt['sample-seconds'] * 1000; }
  if (Date.now() >= nextRotation && Date.now() < end - 30_000) { await rotate(); nextRotation += opt['rotate-minutes'] * 60_000; }
}
timers.forEach(clearInterval);
await Promise.allSettled([...inflight]);
const viewersEnd = viewerTotals();

// ---- checks -----------------------------------------------------------------------------------------------
async function history(id) {
  const ids = new Set();
  let cursor = null;
  do {
    const r = await api(srv.url, 'GET', `/api/v1/streaming/${id}/messages?limit=200${cursor ? `&before=${encodeURIComponent(cursor)}` : ''}`);
    if (r.status !== 200) throw new Error(`history of ${id}: ${r.status} ${r.text}`);
    for (const m of r.body.messages) ids.add(m.message_id);
    cursor = r.body.next_cursor;
  } while (cursor);
  return ids;
}
const findings = [];
let missingMessages = 0;
for (const id of streams) {
  const have = await history(id);
  const lost = acked.messages.filter((m) => m.stream === id && !have.has(m.id));
  missingMessages += lost.length;
  if (lost.length) findings.push(`${lost.length} acked messages missing from the history of ${id} (e.g. ${lost[0].id})`);
}
let tipsMismatch = 0;
for (const id of streams) {
  const mine = acked.tips.filter((t) => t.stream === id);
  const r = (await api(srv.url, 'GET', `/api/v1/streaming/${id}/tips`)).body;
  const sum = mine.reduce((a, t) => a + t.amount, 0);
  if (r.tips_count !== mine.length || r.total_tips_cents !== sum) {
    tipsMismatch++;
    findings.push(`stream ${id}: ledger has ${r.tips_count} tips / ${r.total_tips_cents} cents, acked ${mine.length} / ${sum}`);
  }
}
for (const [i, t] of tippers.entries()) {
  const paid = acked.tips.filter((x) => x.tipper === i).reduce((a, x) => a + x.amount, 0);
  const bal = (await api(srv.url, 'GET', '/api/v1/wallet', { token: t.token })).body.balance_cents;
  if (bal !== FUNDS - paid) { tipsMismatch++; findings.push(`tipper ${i}: balance ${bal}, expected ${FUNDS - paid}`); }
}
const verify = cli(srv, 'ledger', 'verify');
const verifyOk = verify.status === 0 && /OK: every invariant holds/.test(verify.stdout);
if (!verifyOk) findings.push(`ledger verify: ${verify.stdout}${verify.stderr}`);

// Shut down: the media, the viewers, the sockets, then the server (SIGTERM, as an operator would).
await media.stop().catch(() => {});
await Promise.all(workers.map((c) => new Promise((r) => { c.once('exit', r); c.send({ stop: true }); })));
for (const s of sockets) s.disconnect();
const exitCode = await srv.stop();
if (exitCode !== 0) findings.push(`server exit code ${exitCode} after SIGTERM`);
if (logLines.error.length) findings.push(`${logLines.error.length} error log lines, first: ${logLines.error[0]}`);

// ---- outputs ----------------------------------------------------------------------------------------------
writeCsv(csvPath, samples);
const flat = flatness(samples, warmupS);
const pngPath = resolve(repoRoot, `${opt.out}.png`);
const title = [`Tradecast soak, ${new Date(t0).toISOString().slice(0, 16)}Z: ${opt.minutes} min on one node (${dbKind.kind}), sampled every ${opt['sample-seconds']} s, ` +
  `load average ${Math.min(...samples.map((s) => s.load1))}–${Math.max(...samples.map((s) => s.load1))} on 2 cores`,
  `${opt.viewers} viewers (churn ${opt.churn}/s), chat ${opt['chat-rate']}/s, reactions ${opt['reaction-rate']}/s, a tip every ${opt['tip-seconds']} s, ` +
  `WHIP + ${opt.whep} WHEP + HLS, new stream every ${opt['rotate-minutes']} min`];
await writePng(media.browser, pngPath, svgPlot(samples, { title, rotationsS, warmupS }));
await media.close();
srv.cleanup();

const warnKinds = {};
for (const l of logLines.warn) { const k = /msg=("[^"]*"|\S+)/.exec(l)?.[1] ?? l.slice(0, 80); warnKinds[k] = (warnKinds[k] || 0) + 1; }
const loads = samples.map((s) => s.load1);
const row = (k, label, unit = '') => `| ${label} | ${flat[k].first}${unit} | ${flat[k].last}${unit} | ${flat[k].growth > 0 ? '+' : ''}${flat[k].growth}${unit} | ${flat[k].min}–${flat[k].max} | ${flat[k].slope_per_hour} | ${flat[k].flat ? 'flat' : '**grows**'} |`;
const out = [
  `Soak ${new Date(t0).toISOString().slice(0, 16)}Z, ${opt.minutes} min on ${dbKind.kind}; warm-up ${warmupS / 60} min excluded; ` +
  `load average ${Math.min(...loads)}–${Math.max(...loads)} on 2 cores; ${streams.length} streams (${rotationsS.length} rotations).`,
  '',
  `Load achieved: ${viewersEnd.connected} viewers at the end (${viewersEnd.joins} joins, ${viewersEnd.leaves} leaves, ` +
  `${viewersEnd.connect_failed} failed connects), ${acked.messages.length} chat messages acked of ${counts.sent_messages} sent ` +
  `(${(acked.messages.length / (opt.minutes * 60)).toFixed(1)}/s), ${viewersEnd.received} deliveries to viewers, ` +
  `${counts.reactions_ok} reactions, ${acked.tips.length} tips acked of ${counts.tips_sent}, ${media.stats.hls_ok} HLS segments pulled ` +
  `(${media.stats.hls_failed} failed), WHEP ${opt.whep} viewers decoding at ~${(samples.map((s) => s.whep_fps).sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? 0)} fps median.`,
  '',
  '| series (after warm-up) | first third, median | last third, median | change | range | slope per hour | verdict |',
  '|---|---|---|---|---|---|---|',
  row('rss_mb', 'RSS', ' MiB'), row('fds', 'open fds'), row('threads', 'threads'), row('db_conns', 'DB connections'),
  '',
  `Nothing lost: ${missingMessages === 0 ? 'every' : `**${missingMessages} not**`} acked message in history; ` +
  `${tipsMismatch === 0 ? 'every' : '**not every**'} acked tip in the ledger (stream totals and balances); ` +
  `ledger verify ${verifyOk ? 'clean' : '**failed**'}; error log lines: ${logLines.error.length}; warn lines: ${logLines.warn.length}` +
  `${Object.keys(warnKinds).length ? ` (${Object.entries(warnKinds).map(([k, n]) => `${k} ×${n}`).join(', ')})` : ''}.`,
  `Refusals: ${Object.keys(refused).length ? Object.entries(refused).map(([k, n]) => `${k} ×${n}`).join(', ') : 'none'}; ` +
  `viewer join failures: ${JSON.stringify(viewersEnd.join_failed)}; unexpected viewer disconnects: ${JSON.stringify(viewersEnd.disconnected)}; ` +
  `chat sends skipped (over ${MAX_INFLIGHT} in flight): ${counts.skipped}.`,
  '',
  `Series: ${relative(repoRoot, csvPath)}, plot: ${relative(repoRoot, pngPath)}.`,
];
console.log(out.join('\n'));
if (findings.length) {
  console.log(`\nFINDINGS:\n- ${findings.join('\n- ')}`);
  process.exit(1);
}
