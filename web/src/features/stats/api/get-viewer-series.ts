// GET /api/v1/streaming/:id/viewers: a stream's viewer count over time, downsampled by the server.
import { apiRequest } from '../../../lib/api-client';

export interface ViewerPoint {
  /** Epoch ms of the bucket's first sample. */
  t: number;
  /** Mean of the bucket's samples. */
  viewers: number;
  /** Highest sample in the bucket. */
  peak: number;
}

export interface ViewerSeries {
  stream_id: string;
  status: string;
  interval_ms: number;
  samples: ViewerPoint[];
}

export function getViewerSeries(streamId: string, points = 120, signal?: AbortSignal) {
  return apiRequest<ViewerSeries>(`/api/v1/streaming/${encodeURIComponent(streamId)}/viewers?points=${points}`, { signal });
}
