import { apiRequest } from '../../../lib/api-client';
import type { ChatMessage } from '../../../lib/types';

/** One page of stored chat; `before` is the previous page's next_cursor (paging backwards in time). */
export function getMessages(streamId: string, opts: { before?: string | null; limit?: number } = {}, signal?: AbortSignal) {
  const p = new URLSearchParams();
  if (opts.before) p.set('before', opts.before);
  p.set('limit', String(opts.limit ?? 100));
  return apiRequest<{ messages: ChatMessage[]; next_cursor?: string | null }>(`/api/v1/streaming/${encodeURIComponent(streamId)}/messages?${p}`, { signal });
}
