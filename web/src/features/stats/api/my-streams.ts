import { apiRequest } from '../../../lib/api-client';
import type { Stream } from '../../../lib/types';

export function myStreams(userId: string, signal?: AbortSignal) {
  return apiRequest<{ streams: Stream[] }>(`/api/v1/streaming?streamer_id=${encodeURIComponent(userId)}&limit=100`, { signal });
}
