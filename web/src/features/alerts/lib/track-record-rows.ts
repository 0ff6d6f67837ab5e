// The track record's groups and curve in one shape for the table and the chart, whichever of the two
// JSON forms the server uses for a group ({AAPL:{…}} or [{symbol:"AAPL",…}]).
import type { EquityPoint, GroupStats, TrackRecord } from '../api/get-track-record';

export type GroupRow = GroupStats & { key: string };

export function groupRows(groups: TrackRecord['by_symbol'] | TrackRecord['by_timeframe'], keyName: 'symbol' | 'timeframe'): GroupRow[] {
  if (!groups) return [];
  if (Array.isArray(groups)) return groups.map((g) => ({ ...g, key: String((g as unknown as Record<string, unknown>)[keyName] ?? '') }));
  return Object.entries(groups).map(([key, g]) => ({ ...g, key }));
}

export interface CurvePoint {
  t: number;
  r: number;
}

/**
 * Chart points from 0 R before the first result (numbers are fine for drawing; every figure shown as
 * text stays a decimal string). Empty while nothing closed.
 */
export function curvePoints(curve: EquityPoint[] | undefined): CurvePoint[] {
  const points = (curve ?? [])
    // The cumulative figure: `r` alone is the one alert's R where the point also names its running total.
    .map((p) => ({ t: p.t ?? p.at ?? p.closed_at ?? 0, r: Number(p.cumulative_r ?? p.total_r ?? p.r) }))
    .filter((p) => Number.isFinite(p.r));
  return points.length ? [{ t: 0, r: 0 }, ...points] : [];
}

/** A group's name in the tables: the server's "none" is an alert posted without one. */
export const groupName = (key: string, what: string) => (key === 'none' || key === '' ? `no ${what}` : key);
