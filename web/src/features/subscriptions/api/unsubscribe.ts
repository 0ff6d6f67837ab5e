import { apiRequest } from '../../../lib/api-client';
import type { Subscription } from './subscribe';

/** Unfollow (FREE) or cancel a paid tier (access stays until expires_at). */
export function unsubscribe(streamerId: string) {
  return apiRequest<{ subscription: Subscription | null }>(`/api/v1/channels/${encodeURIComponent(streamerId)}/subscription`, { method: 'DELETE' });
}
