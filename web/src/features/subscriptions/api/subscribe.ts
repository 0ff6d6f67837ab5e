import { apiRequest } from '../../../lib/api-client';

export type Tier = 'FREE' | 'BASIC' | 'PREMIUM';

export function subscribe(streamerId: string, tier: Tier) {
  return apiRequest<{ subscription: { tier: Tier; expires_at?: number | null; status?: string } }>(
    `/api/v1/channels/${encodeURIComponent(streamerId)}/subscription`,
    { method: 'POST', body: { tier } },
  );
}
