import { apiRequest } from '../../../lib/api-client';
import type { Stream } from '../../../lib/types';

export function getStream(streamId: string, signal?: AbortSignal) {
  return apiRequest<{ stream: Stream }>(`/api/v1/streaming/${encodeURIComponent(streamId)}`, { signal });
}
