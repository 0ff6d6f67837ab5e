import { apiRequest } from '../../../lib/api-client';

export function getWallet(signal?: AbortSignal) {
  return apiRequest<{ balance_cents: number; currency: string }>('/api/v1/wallet', { signal });
}
