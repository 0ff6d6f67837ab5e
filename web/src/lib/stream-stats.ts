// GET /api/v1/streaming/:id/stats, shared by the studio's live panel and the analytics page.
import { apiRequest } from './api-client';

export interface StreamStats {
  total_tips?: number;
  total_tips_cents?: number;
  message_count?: number;
  avg_watch_time?: number;
  peak_viewers?: number;
  current_viewers?: number;
}

export function streamStats(streamId: string, signal?: AbortSignal) {
  return apiRequest<StreamStats & { stats?: StreamStats }>(`/api/v1/streaming/${encodeURIComponent(streamId)}/stats`, { signal }).then((r) => r.stats ?? r);
}
