import { apiRequest } from '../../../lib/api-client';
import type { ChatMessage } from '../../../lib/types';

/** One page of stored chat, oldest first; `before` is a created_at (ms) to page backwards. */
export function getMessages(streamId: string, opts: { before?: number; limit?: number } = {}, signal?: AbortSignal) {
  const p = new URLSearchParams();
  if (opts.before) p.set('before', String(opts.before));
  p.set('limit', String(opts.limit ?? 100));
  return apiRequest<{ messages: ChatMessage[]; next_cursor?: string | null }>(`/api/v1/streaming/${encodeURIComponent(streamId)}/messages?${p}`, { signal });
}
