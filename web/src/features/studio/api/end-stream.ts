import { apiRequest } from '../../../lib/api-client';
import type { Stream } from '../../../lib/types';

export function endStream(streamId: string) {
  return apiRequest<{ stream: Stream }>(`/api/v1/streaming/${encodeURIComponent(streamId)}/end`, { method: 'POST' });
}
