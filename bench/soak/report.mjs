// The soak's outputs: the samples as CSV, "flat after warm-up" as numbers, and a PNG of the series
// (an SVG drawn here and rendered by the Chromium the soak already runs: no plotting package needed).
import { writeFileSync } from 'node:fs';

export const SERIES = [
  ['rss_mb', 'RSS (MiB)'],
  ['fds', 'open fds'],
  ['threads', 'threads'],
  ['db_conns', 'DB connections'],
  ['viewers', 'viewers connected'],
  ['cpu_pct', 'server CPU (% of a core)'],
];

export function writeCsv(path, samples) {
  const cols = Object.keys(samples[0]);
  writeFileSync(path, [cols.join(','), ...samples.map((s) => cols.map((c) => s[c]).join(','))].join('\n') + '\n');
}

const median = (a) => { const s = a.slice().sort((x, y) => x - y); return s.length ? s[Math.floor(s.length / 2)] : NaN; };

// Least-squares slope of `key` over the samples, per hour.
function slopePerHour(samples, key) {
  const n = samples.length;
  if (n < 2) return 0;
  const xs = samples.map((s) => s.t_s / 3600);
  const ys = samples.map((s) => s[key]);
  const mx = xs.reduce((a, b) => a + b) / n;
  const my = ys.reduce((a, b) => a + b) / n;
  let num = 0, den = 0;
  for (let i = 0; i < n; i++) { num += (xs[i] - mx) * (ys[i] - my); den += (xs[i] - mx) ** 2; }
  return den ? num / den : 0;
}

// Per series after warm-up: the median of the first and of the last third, the change between them,
// the range and the slope. "Flat" means the last third's median is within `noise` (relative, or
// `floor` absolute for small counts) of the first third's.
export function flatness(samples, warmupS, { noise = 0.05, floor = 3 } = {}) {
  const after = samples.filter((s) => s.t_s >= warmupS);
  const third = Math.max(1, Math.floor(after.length / 3));
  const out = {};
  for (const [key] of SERIES.slice(0, 4)) {
    const first = median(after.slice(0, third).map((s) => s[key]));
    const last = median(after.slice(-third).map((s) => s[key]));
    const values = after.map((s) => s[key]);
    const growth = last - first;
    out[key] = {
      first, last, growth: +growth.toFixed(1), min: Math.min(...values), max: Math.max(...values),
      slope_per_hour: +slopePerHour(after, key).toFixed(1),
      flat: growth <= Math.max(floor, Math.abs(first) * noise),
    };
  }
  return out;
}

// Small multiples, one panel per series, time in minutes on x; rotations as dashed lines.
// `title`: lines of text above the panels.
export function svgPlot(samples, { title, rotationsS = [], warmupS = 0 }) {
  const W = 1100, PH = 120, PAD = 55, GAP = 26, HEAD = 20 + 18 * title.length;
  const H = HEAD + SERIES.length * (PH + GAP);
  const tMax = Math.max(...samples.map((s) => s.t_s), 1);
  const x = (t) => PAD + (t / tMax) * (W - PAD - 20);
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">` +
    `<rect width="${W}" height="${H}" fill="#fff"/>` +
    title.map((line, i) => `<text x="${PAD}" y="${20 + 18 * i}" font-size="14"${i ? '' : ' font-weight="bold"'}>${line}</text>`).join('');
  SERIES.forEach(([key, label], i) => {
    const top = HEAD + i * (PH + GAP);
    const values = samples.map((s) => s[key]);
    const lo = Math.min(0, ...values), hi = Math.max(...values, 1) * 1.3;  // headroom for the label
    const y = (v) => top + PH - ((v - lo) / (hi - lo)) * PH;
    if (warmupS > 0) svg += `<rect x="${PAD}" y="${top}" width="${x(warmupS) - PAD}" height="${PH}" fill="#f2f2f2"/>`;
    svg += `<rect x="${PAD}" y="${top}" width="${W - PAD - 20}" height="${PH}" fill="none" stroke="#bbb"/>`;
    svg += `<text x="${PAD + 6}" y="${top + 15}" font-weight="bold">${label}${i === 0 && warmupS > 0 ? ' (grey: warm-up, dashed: stream ended and a new one started)' : ''}</text>`;
    for (const v of [lo, (lo + hi) / 2, hi]) svg += `<text x="${PAD - 6}" y="${y(v) + 4}" text-anchor="end" fill="#555">${Math.round(v)}</text>`;
    for (const r of rotationsS) svg += `<line x1="${x(r)}" x2="${x(r)}" y1="${top}" y2="${top + PH}" stroke="#999" stroke-dasharray="4 3"/>`;
    svg += `<polyline fill="none" stroke="#1565c0" stroke-width="1.8" points="${samples.map((s) => `${x(s.t_s).toFixed(1)},${y(s[key]).toFixed(1)}`).join(' ')}"/>`;
  });
  const bottom = H - 8;
  for (let m = 0; m <= tMax / 60; m += Math.max(1, Math.round(tMax / 60 / 10))) {
    svg += `<text x="${x(m * 60)}" y="${bottom}" text-anchor="middle" fill="#555">${m} min</text>`;
  }
  return { svg: svg + '</svg>', width: W, height: H };
}

// Renders the SVG in a fresh page of `browser` (playwright-core) and writes the PNG.
export async function writePng(browser, path, plot) {
  const page = await browser.newPage({ viewport: { width: plot.width, height: plot.height } });
  try {
    await page.setContent(`<html><body style="margin:0">${plot.svg}</body></html>`);
    await page.screenshot({ path, clip: { x: 0, y: 0, width: plot.width, height: plot.height } });
  } finally {
    await page.close();
  }
}
