import { apiRequest } from '../../../lib/api-client';
import type { Tier } from './subscribe';

export interface ChannelInfo {
  tiers?: { tier: Tier; price_cents: number }[];
  prices?: Partial<Record<Tier, number>>;
  subscriber_counts?: Partial<Record<Tier, number>>;
  my_subscription?: { tier: Tier; status?: string; expires_at?: number | null } | null;
}

export function getChannel(streamerId: string, signal?: AbortSignal) {
  return apiRequest<ChannelInfo & { channel?: ChannelInfo }>(`/api/v1/channels/${encodeURIComponent(streamerId)}`, { signal }).then((r) => r.channel ?? r);
}
