// Prints the markdown tables of docs/performance.md ("Realtime") from one run.sh results file.
// Ratios are Node ÷ ours for costs (CPU, memory, latency: higher is better for us) and ours ÷ Node for
// throughputs (joins/s, sustained rate).
import fs from 'node:fs';

const rows = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
  .map((r) => (r.client === 'tc-loadgen' ? { ...r, client: 'loadgen' } : r));
const find = (server, client, kase) => rows.find((r) => r.server === server && r.client === client && r.case === kase);
const pct = (v) => (v == null ? '–' : `${(100 * v).toFixed(v >= 0.9995 ? 0 : 2)}%`);
const n = (v, d = 0) => (v == null || Number.isNaN(v) ? '–' : Number(v).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const ratio = (a, b, d = 1) => (a == null || b == null || !b ? '–' : `${(a / b).toFixed(d)}×`);
const line = (cells) => `| ${cells.join(' | ')} |`;
const out = [];

const agree = ['ours', 'node'].flatMap((s) => ['node-harness', 'loadgen'].map((c) => [s, c, find(s, c, 'agree')])).filter(([, , r]) => r);
if (agree.length) {
  out.push('**Both load clients, 500 viewers × 20 msg/s** (10,000 deliveries/s; do the clients agree?)', '');
  out.push(line(['server', 'client', 'joined', 'delivery', 'p50 ms', 'p99 ms', 'server CPU s per 100k', 'client CPU s']));
  out.push(line(Array(8).fill('---')));
  for (const [s, c, r] of agree) {
    out.push(line([s, c, n(r.joined), pct(r.delivery_ratio), n(r.p50_ms, 1), n(r.p99_ms, 1), n(r.server_cpu_s_per_100k_deliveries, 3), n(r.client_cpu_s, 1)]));
  }
  out.push('');
}

const fan = [1000, 5000].map((v) => [v, find('ours', 'loadgen', `fanout-${v}`), find('node', 'loadgen', `fanout-${v}`)]).filter(([, a, b]) => a || b);
if (fan.length) {
  out.push('**Chat fan-out, 50 msg/s, C++ load client** (ours : Node)', '');
  out.push(line(['viewers', 'server', 'joined', 'joins/s', 'delivery', 'p50 ms', 'p99 ms', 'server CPU s', 'CPU s per 100k delivered', 'RSS MB after', 'server run-queue wait s']));
  out.push(line(Array(11).fill('---')));
  for (const [v, a, b] of fan) {
    for (const [s, r] of [['ours', a], ['node', b]]) {
      if (!r) continue;
      out.push(line([n(v), s, n(r.joined), n(r.joins_per_s), pct(r.delivery_ratio), n(r.p50_ms, 1), n(r.p99_ms, 1), n(r.server_cpu_s, 2), n(r.server_cpu_s_per_100k_deliveries, 3), n(r.server_rss_mb_after, 1), n(r.server_runq_wait_s, 2)]));
    }
    if (a && b) {
      out.push(line([n(v), '**ratio**', '', `ours ${ratio(a.joins_per_s, b.joins_per_s, 0)} Node's`, '', `Node's ${ratio(b.p50_ms, a.p50_ms)} ours`, `Node's ${ratio(b.p99_ms, a.p99_ms)} ours`, '', `**Node ${ratio(b.server_cpu_s_per_100k_deliveries, a.server_cpu_s_per_100k_deliveries)} ours**`, '', '']));
    }
  }
  out.push('');
}

const best = (s) => {
  const steps = rows.filter((r) => r.server === s && /^maxrate-/.test(r.case));
  const ok = steps.filter((r) => r.delivery_ratio >= 0.99 && r.p99_ms < 100);
  const top = ok.sort((x, y) => y.rate - x.rate)[0];
  const fail = steps.find((r) => !(r.delivery_ratio >= 0.99 && r.p99_ms < 100));
  return { steps, top, fail };
};
const mo = best('ours');
const mn = best('node');
if (mo.steps.length || mn.steps.length) {
  out.push('**Highest sustained chat rate at 1,000 viewers** (≥ 99% delivery and p99 < 100 ms, 10 s per step, 4 senders)', '');
  out.push(line(['server', 'rates tried (msg/s: delivery, p99 ms)', 'highest passing', 'deliveries/s there', 'server CPU s per 100k there']));
  out.push(line(Array(5).fill('---')));
  for (const [s, m] of [['ours', mo], ['node', mn]]) {
    const tried = m.steps.map((r) => `${r.rate}: ${pct(r.delivery_ratio)}, ${n(r.p99_ms, 0)}`).join('; ');
    out.push(line([s, tried, m.top ? `${n(m.top.rate)} msg/s` : 'none', m.top ? n(m.top.delivered_per_s) : '–', m.top ? n(m.top.server_cpu_s_per_100k_deliveries, 3) : '–']));
  }
  if (mo.top && mn.top) out.push(line(['**ours ÷ Node**', '', `**${ratio(mo.top.rate, mn.top.rate)}**`, '', '']));
  out.push('', 'Each step: fresh stream on the same server, 1,000 viewers joined again; the sweep stops at the first failing rate.');
  out.push('');
}

const io = find('ours', 'loadgen', 'idle-1000');
const inode = find('node', 'loadgen', 'idle-1000');
if (io || inode) {
  out.push('**Memory per idle joined viewer** (1,000 viewers, server RSS growth ÷ viewers)', '');
  out.push(line(['server', 'joined', 'joins/s', 'RSS before MB', 'RSS idle MB', 'KB per viewer']));
  out.push(line(Array(6).fill('---')));
  for (const [s, r] of [['ours', io], ['node', inode]]) {
    if (r) out.push(line([s, n(r.joined), n(r.joins_per_s), n(r.server_rss_mb_before, 1), n(r.server_rss_mb_idle, 1), n(r.rss_kb_per_viewer, 1)]));
  }
  if (io && inode) out.push(line(['**ratio**', '', `ours ${ratio(io.joins_per_s, inode.joins_per_s, 0)} Node's`, '', '', `**Node ${ratio(inode.rss_kb_per_viewer, io.rss_kb_per_viewer)} ours**`]));
  out.push('');
}

const big = find('ours', 'loadgen', 'c100k');
if (big) {
  out.push(`**${n(big.n)} concurrent WebSocket viewers** (our server only; 5 client processes, 5 loopback source addresses)`, '');
  out.push(line(['viewers', 'joined', 'join s', 'joins/s', 'RSS MB after', 'KB per viewer', 'msgs sent', 'delivery', 'p50 ms', 'p99 ms', 'server CPU s']));
  out.push(line(Array(11).fill('---')));
  const kb = big.server_rss_mb_after != null && big.joined ? ((big.server_rss_mb_after - big.server_rss_mb_before) * 1024) / big.joined : null;
  out.push(line([n(big.n), n(big.joined), n(big.join_seconds, 1), n(big.joins_per_s), n(big.server_rss_mb_after, 1), n(kb, 1), n(big.sent), pct(big.delivery_ratio), n(big.p50_ms, 1), n(big.p99_ms, 1), n(big.server_cpu_s, 2)]));
  if (big.join_failures) out.push('', `Join failures: ${big.join_failures}`);
  out.push('');
}
const errs = rows.filter((r) => r.error);
for (const r of errs) out.push(`- ${r.server} / ${r.client} / ${r.case}: ${r.error}`);
console.log(out.join('\n'));
