import { apiRequest } from '../../../lib/api-client';

// Fields beyond amount/created_at vary by kind; the list renders what is there.
export interface WalletTransaction {
  transaction_id?: string;
  transfer_id?: string;
  id?: string;
  kind?: string;
  type?: string;
  entry_type?: string;
  payout_id?: string | null;
  subscription_id?: string | null;
  amount_cents: number;
  fee_cents?: number;
  created_at: number;
  description?: string | null;
  counterparty?: string | null;
  counterparty_username?: string | null;
  stream_id?: string | null;
  tip_id?: string | null;
  status?: string | null;
}

export function listTransactions(cursor?: string | null, signal?: AbortSignal) {
  const p = new URLSearchParams({ limit: '25' });
  if (cursor) p.set('cursor', cursor);
  return apiRequest<{ transactions: WalletTransaction[]; next_cursor: string | null }>(`/api/v1/wallet/transactions?${p}`, { signal });
}
