// GET /api/v1/streaming/:id, for the pages that show one stream (watch, replay).
import { apiRequest } from './api-client';
import type { Stream } from './types';

export function getStream(streamId: string, signal?: AbortSignal) {
  return apiRequest<{ stream: Stream }>(`/api/v1/streaming/${encodeURIComponent(streamId)}`, { signal });
}
