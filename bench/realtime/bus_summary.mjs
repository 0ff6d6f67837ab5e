// The table of bench/realtime/bus.sh: per case the median over repetitions, and ratios against the
// single-node path before the bus ("before") and now ("local").
import { readFileSync } from 'node:fs';

const rows = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const order = ['before', 'local', 'redis-1node', 'redis-2nodes'];
const by = {};
for (const r of rows) (by[r.case] ||= []).push(r);
const stat = {};
for (const k of order) {
  if (!by[k]) continue;
  const rs = by[k];
  stat[k] = {
    reps: rs.length,
    joined: median(rs.map((r) => r.joined)),
    delivery: median(rs.map((r) => r.delivery_ratio)),
    p50: median(rs.map((r) => r.p50_ms)),
    p99: median(rs.map((r) => r.p99_ms)),
    a100k: median(rs.map((r) => r.server_cpu_s_per_100k_deliveries)),
    all100k: median(rs.map((r) => r.all_cpu_s_per_100k)),
    runq: median(rs.map((r) => r.server_runq_wait_s)),
  };
}
const f = (x, d = 3) => (x === null || x === undefined ? '–' : (+x).toFixed(d));
const pct = (x) => (x === null ? '–' : `${(x * 100).toFixed(2)}%`);
console.log('| case | reps | joined | delivery | p50 ms | p99 ms | node A CPU s / 100k | all CPU s / 100k (A + B + redis) | A run-queue wait s |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const [k, s] of Object.entries(stat)) {
  console.log(`| ${k} | ${s.reps} | ${s.joined} | ${pct(s.delivery)} | ${f(s.p50, 1)} | ${f(s.p99, 1)} | ${f(s.a100k)} | ${f(s.all100k)} | ${f(s.runq, 2)} |`);
}
console.log();
for (const base of ['before', 'local']) {
  if (!stat[base]) continue;
  for (const [k, s] of Object.entries(stat)) {
    if (k === base) continue;
    const r = (a, b) => (a && b ? (a / b).toFixed(2) : '–');
    console.log(`${k} ÷ ${base}: all CPU per 100k ${r(s.all100k, stat[base].all100k)}×, p50 ${r(s.p50, stat[base].p50)}×, p99 ${r(s.p99, stat[base].p99)}×`);
  }
}
