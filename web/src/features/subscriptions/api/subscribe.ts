import { apiRequest } from '../../../lib/api-client';

export type Tier = 'FREE' | 'BASIC' | 'PREMIUM';

export interface Subscription {
  subscription_id?: string;
  tier: Tier;
  status?: 'ACTIVE' | 'CANCELLED' | 'EXPIRED' | string;
  expires_at?: number | null;
  pending_tier?: Tier | null;
  price_cents?: number;
}

export function subscribe(streamerId: string, tier: Tier) {
  return apiRequest<{ subscription: Subscription; charged_cents?: number }>(`/api/v1/channels/${encodeURIComponent(streamerId)}/subscription`, {
    method: 'POST',
    body: { tier },
  });
}
