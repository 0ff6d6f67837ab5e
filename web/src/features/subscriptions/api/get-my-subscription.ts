import { apiRequest } from '../../../lib/api-client';
import type { Subscription } from './subscribe';

/** The caller's subscription to a channel, or null (404 subscription_not_found). */
export function getMySubscription(streamerId: string, signal?: AbortSignal) {
  return apiRequest<{ subscription: Subscription }>(`/api/v1/channels/${encodeURIComponent(streamerId)}/subscription`, { signal })
    .then((r) => r.subscription)
    .catch((e) => {
      if (e?.status === 404) return null;
      throw e;
    });
}
