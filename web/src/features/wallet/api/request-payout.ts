import { apiRequest } from '../../../lib/api-client';

export function requestPayout(amount_cents: number, idempotency_key: string) {
  return apiRequest<{ payout: { payout_id?: string; amount_cents: number; status?: string } }>('/api/v1/wallet/payouts', {
    method: 'POST',
    body: { amount_cents, idempotency_key },
  });
}
