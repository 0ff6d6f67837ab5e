// A trade alert for component tests: LONG AAPL @ 189.5 stop 185 → 195 / 198.5 in stream s1, open.
import type { TradeAlert } from '../features/alerts/api/alert-types';

export const tradeAlert = (extra: Partial<TradeAlert> = {}): TradeAlert => ({
  alert_id: 'a1',
  stream_id: 's1',
  streamer_id: 'streamer-1',
  symbol: 'AAPL',
  side: 'long',
  entry: '189.5',
  stop: '185',
  targets: ['195', '198.5'],
  size_pct: 50,
  timeframe: 'day',
  note: null,
  status: 'open',
  media_time_ms: 65_000,
  posted_at: 1_700_000_060_000,
  released_at: 1_700_000_060_000,
  seq: 1,
  hash: 'ab'.repeat(32),
  disclosures: { holds_position: true, paid_promotion: false, disclaimer: 'Not financial advice. Trade your own plan.' },
  ...extra,
});
