// Shapes of the trade-alert JSON (issue 13; docs/alerts.md). Prices are decimal strings in the server's
// normal form; times are epoch milliseconds.
export type Side = 'long' | 'short';
export type Timeframe = 'scalp' | 'day' | 'swing' | 'position';
export type AlertStatus = 'open' | 'active' | 'closed' | 'retracted';
export type UpdateKind = 'filled' | 'scale_out' | 'move_stop' | 'add_target' | 'close' | 'retract';
export type Tier = 'PREMIUM' | 'BASIC' | 'FREE';

export interface Zone {
  low: string;
  high: string;
}
export type Entry = string | Zone;

export interface Disclosures {
  holds_position: boolean;
  paid_promotion: boolean;
  /** The channel's standing disclaimer at post time. */
  disclaimer?: string | null;
}

export interface Pnl {
  return_pct: string;
  r_multiple: string;
}

export interface TradeAlert {
  alert_id: string;
  stream_id: string;
  streamer_id: string;
  symbol: string;
  side: Side;
  entry: Entry;
  stop: string;
  targets: string[];
  size_pct?: number | null;
  timeframe?: Timeframe | null;
  note?: string | null;
  status: AlertStatus;
  media_time_ms: number | null;
  posted_at: number;
  released_at?: number | null;
  seq?: number;
  hash?: string;
  disclosures: Disclosures;
  pnl?: Pnl | null;
  /** The streamer's stated entry fill, once filled. */
  fill?: string | null;
  fill_price?: string | null;
  /** The per-tier delays stored with the alert at post time, where the server sends them. */
  release_delays?: Partial<Record<Tier, number>> | null;
}

export interface AlertUpdate {
  kind: UpdateKind;
  price?: string | null;
  share_pct?: number | null;
  note?: string | null;
  seq?: number;
  hash?: string;
}

/** post_alert / POST /streaming/:id/alerts. */
export interface AlertDraft {
  symbol: string;
  side: Side;
  entry: Entry;
  stop: string;
  targets: string[];
  size_pct?: number;
  timeframe?: Timeframe;
  note?: string;
  holds_position: boolean;
  paid_promotion: boolean;
  idempotency_key: string;
}

export interface UpdateDraft {
  kind: UpdateKind;
  price?: string;
  share_pct?: number;
  note?: string;
  idempotency_key: string;
}

export interface AlertSettings {
  disclaimer: string | null;
  release_delays: Record<Tier, number>;
}
