import { apiRequest } from '../../../lib/api-client';

export interface Tip {
  tip_id: string;
  stream_id: string;
  amount_cents: number;
  fee_cents: number;
  streamer_credit_cents: number;
  created_at: number;
}

export function sendTip(streamId: string, body: { amount_cents: number; message?: string; idempotency_key: string }) {
  return apiRequest<{ tip: Tip }>(`/api/v1/streaming/${encodeURIComponent(streamId)}/tips`, { method: 'POST', body });
}
