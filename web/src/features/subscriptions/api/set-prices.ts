import { apiRequest } from '../../../lib/api-client';

export function setPrices(streamerId: string, basic_cents: number | null, premium_cents: number | null) {
  return apiRequest<{ prices: { basic_cents: number | null; premium_cents: number | null; currency: string } }>(
    `/api/v1/channels/${encodeURIComponent(streamerId)}/prices`,
    { method: 'PUT', body: { basic_cents, premium_cents } },
  );
}
