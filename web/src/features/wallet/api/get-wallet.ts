import { apiRequest } from '../../../lib/api-client';

export function getWallet(signal?: AbortSignal) {
  return apiRequest<{ balance_cents: number; currency: string; tips_earned_cents?: number; subscriptions_earned_cents?: number }>('/api/v1/wallet', { signal });
}
