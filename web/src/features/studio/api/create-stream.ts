import { apiRequest } from '../../../lib/api-client';
import type { Stream } from '../../../lib/types';

export function createStream(body: { title: string; description?: string; category?: string }) {
  return apiRequest<{ stream: Stream }>('/api/v1/streaming/create', { method: 'POST', body });
}
