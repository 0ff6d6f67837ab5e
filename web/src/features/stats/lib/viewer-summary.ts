// Peak and average viewers from a viewers-over-time series (what the analytics page shows).
import type { ViewerPoint } from '../api/get-viewer-series';

export interface ViewerSummary {
  peak: number;
  /** Time-weighted: each point counts until the next one (samples are spaced unevenly). */
  average: number;
}

export function summarizeViewers(points: ViewerPoint[]): ViewerSummary | null {
  if (points.length === 0) return null;
  const peak = Math.max(...points.map((p) => Math.max(p.peak ?? p.viewers, p.viewers)));
  const span = points[points.length - 1].t - points[0].t;
  if (span <= 0) return { peak, average: points.reduce((a, p) => a + p.viewers, 0) / points.length };
  let area = 0;
  for (let i = 0; i + 1 < points.length; i++) area += points[i].viewers * (points[i + 1].t - points[i].t);
  return { peak, average: area / span };
}

/** Several streams' series on one time axis, with a gap (null) between streams so no line joins them. */
export function joinSeries(series: ViewerPoint[][]): { t: number; viewers: number | null }[] {
  const sorted = series.filter((s) => s.length > 0).sort((a, b) => a[0].t - b[0].t);
  const out: { t: number; viewers: number | null }[] = [];
  for (const s of sorted) {
    if (out.length > 0) out.push({ t: (out[out.length - 1].t + s[0].t) / 2, viewers: null });
    for (const p of s) out.push({ t: p.t, viewers: p.viewers });
  }
  return out;
}
