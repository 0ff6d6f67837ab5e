import { apiRequest } from '../../../lib/api-client';
import type { Stream } from '../../../lib/types';

export function myLiveStreams(userId: string, signal?: AbortSignal) {
  return apiRequest<{ streams: Stream[] }>(`/api/v1/streaming?status=LIVE&streamer_id=${encodeURIComponent(userId)}&limit=5`, { signal });
}
