import { apiRequest } from '../../../lib/api-client';

export interface GroupStats {
  alerts?: number;
  closed?: number;
  wins?: number;
  win_rate?: string | null;
  total_r?: string | null;
  avg_r?: string | null;
  avg_return_pct?: string | null;
}

export interface EquityPoint {
  /** When the alert that moved the curve closed (epoch ms). */
  t?: number;
  at?: number;
  closed_at?: number;
  /** Cumulative R after it. */
  r?: string;
  total_r?: string;
  cumulative_r?: string;
  alert_id?: string;
}

export interface Extreme {
  alert_id?: string;
  symbol?: string;
  r?: string;
  r_multiple?: string;
  return_pct?: string;
}

export interface TrackRecord extends GroupStats {
  open?: number;
  retracted?: number;
  best?: Extreme | null;
  worst?: Extreme | null;
  by_symbol?: Record<string, GroupStats> | (GroupStats & { symbol: string })[];
  by_timeframe?: Record<string, GroupStats> | (GroupStats & { timeframe: string })[];
  equity_curve?: EquityPoint[];
}

export function getTrackRecord(streamerId: string, signal?: AbortSignal) {
  return apiRequest<{ track_record?: TrackRecord } & TrackRecord>(`/api/v1/channels/${encodeURIComponent(streamerId)}/track-record`, { signal }).then(
    (r) => r.track_record ?? r,
  );
}
