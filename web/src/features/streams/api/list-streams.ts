import { apiRequest } from '../../../lib/api-client';
import type { Stream, StreamStatus } from '../../../lib/types';

export interface StreamQuery {
  status?: StreamStatus;
  category?: string;
  q?: string;
  streamer_id?: string;
  limit?: number;
  cursor?: string | null;
}

export function listStreams(query: StreamQuery, signal?: AbortSignal) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  return apiRequest<{ streams: Stream[]; next_cursor: string | null }>(`/api/v1/streaming?${p}`, { signal });
}
