// GET /api/v1/streaming/:id/tips: a stream's tip totals from the ledger (issue 4), shared by the studio's
// live panel and the analytics page.
import { apiRequest } from './api-client';

export function getStreamTips(streamId: string, signal?: AbortSignal) {
  return apiRequest<{ total_tips_cents: number; tips_count: number; fees_cents: number; currency: string }>(
    `/api/v1/streaming/${encodeURIComponent(streamId)}/tips`,
    { signal },
  );
}
