import { apiRequest } from '../../../lib/api-client';

/** A stream's tip totals from the ledger (issue 4). */
export function getStreamTips(streamId: string, signal?: AbortSignal) {
  return apiRequest<{ total_tips_cents: number; tips_count: number; fees_cents: number; currency: string }>(
    `/api/v1/streaming/${encodeURIComponent(streamId)}/tips`,
    { signal },
  );
}
