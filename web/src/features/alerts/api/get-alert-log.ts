import { apiRequest } from '../../../lib/api-client';
import type { LogEntry } from '../lib/verify-chain';

/** Server maximum per page. */
export const LOG_PAGE_LIMIT = 500;

/** One page of the raw hash chain, entries after `afterSeq`. */
export function getAlertLog(streamerId: string, afterSeq: number | null, signal?: AbortSignal) {
  const p = new URLSearchParams({ limit: String(LOG_PAGE_LIMIT) });
  if (afterSeq !== null) p.set('after_seq', String(afterSeq));
  return apiRequest<{ events: LogEntry[]; next_seq: number | null }>(`/api/v1/channels/${encodeURIComponent(streamerId)}/alerts/log?${p}`, { signal });
}
