import { ApiError, apiRequest } from '../../../lib/api-client';
import type { Tier } from './alert-types';

/** The signed-in viewer's tier for a streamer: an active paid subscription, else FREE (as the server reads it). */
export async function getMyTier(streamerId: string, signal?: AbortSignal): Promise<Tier> {
  try {
    const r = await apiRequest<{ subscription?: { tier?: Tier; status?: string } }>(`/api/v1/channels/${encodeURIComponent(streamerId)}/subscription`, { signal });
    const s = r.subscription;
    return s && s.status !== 'EXPIRED' && (s.tier === 'PREMIUM' || s.tier === 'BASIC') ? s.tier : 'FREE';
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return 'FREE';
    throw e;
  }
}
