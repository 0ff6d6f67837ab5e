import { apiRequest } from '../../../lib/api-client';
import type { AlertStatus, TradeAlert } from './alert-types';

export interface AlertQuery {
  symbol?: string;
  status?: AlertStatus;
  from?: number;
  to?: number;
  limit?: number;
  cursor?: string | null;
}

/** A channel's alerts as the caller's tier has been released them (public; the token decides the tier). */
export function listChannelAlerts(streamerId: string, query: AlertQuery = {}, signal?: AbortSignal) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const qs = p.size ? `?${p}` : '';
  return apiRequest<{ alerts: TradeAlert[]; next_cursor: string | null }>(`/api/v1/channels/${encodeURIComponent(streamerId)}/alerts${qs}`, { signal });
}
