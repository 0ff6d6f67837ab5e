import { apiRequest } from '../../../lib/api-client';
import type { Tier } from './subscribe';

export interface ChannelInfo {
  streamer_id?: string;
  currency?: string;
  prices?: Partial<Record<Tier, number | null>>;
  subscribers?: Partial<Record<Tier | 'total', number>>;
}

export function getChannel(streamerId: string, signal?: AbortSignal) {
  return apiRequest<{ channel: ChannelInfo }>(`/api/v1/channels/${encodeURIComponent(streamerId)}`, { signal }).then((r) => r.channel);
}
