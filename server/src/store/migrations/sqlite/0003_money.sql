-- Money (issue 4): a double-entry ledger in integer cents, payouts, channel prices, subscription
-- state for renewals. Balances are kept on the account row (checked and updated in the same
-- transaction as the entries); `tradecast ledger verify` re-derives them from the entries.
CREATE TABLE ledger_accounts (
  account_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('USER', 'PLATFORM', 'EXTERNAL')),
  user_id TEXT UNIQUE,
  balance_cents BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  CHECK (kind = 'EXTERNAL' OR balance_cents >= 0)
);
INSERT INTO ledger_accounts (account_id, kind, balance_cents, created_at) VALUES ('platform:revenue', 'PLATFORM', 0, 0);
INSERT INTO ledger_accounts (account_id, kind, balance_cents, created_at) VALUES ('platform:payouts', 'PLATFORM', 0, 0);
INSERT INTO ledger_accounts (account_id, kind, balance_cents, created_at) VALUES ('external:funding', 'EXTERNAL', 0, 0);
CREATE TABLE ledger_transfers (
  transfer_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('DEPOSIT', 'TIP', 'SUBSCRIPTION', 'PAYOUT_REQUEST', 'PAYOUT', 'REFUND', 'ADJUSTMENT')),
  amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
  currency TEXT NOT NULL,
  reference_id TEXT,
  stream_id TEXT,
  initiator TEXT NOT NULL,
  idem_scope TEXT,
  idem_key TEXT,
  request_hash TEXT,
  created_at BIGINT NOT NULL,
  UNIQUE (idem_scope, idem_key)
);
CREATE INDEX idx_transfers_reference ON ledger_transfers (reference_id);
CREATE INDEX idx_transfers_stream ON ledger_transfers (stream_id, kind);
CREATE TABLE ledger_entries (
  entry_id INTEGER PRIMARY KEY AUTOINCREMENT,
  transfer_id TEXT NOT NULL REFERENCES ledger_transfers (transfer_id),
  account_id TEXT NOT NULL REFERENCES ledger_accounts (account_id),
  entry_kind TEXT NOT NULL,
  amount_cents BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX idx_entries_account ON ledger_entries (account_id, entry_id);
CREATE INDEX idx_entries_transfer ON ledger_entries (transfer_id);
CREATE TABLE wallet_payouts (
  payout_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
  currency TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'REQUESTED' CHECK (status IN ('REQUESTED', 'PAID', 'REJECTED')),
  requested_at BIGINT NOT NULL,
  decided_at BIGINT,
  note TEXT
);
CREATE INDEX idx_payouts_user ON wallet_payouts (user_id, requested_at);
CREATE INDEX idx_payouts_status ON wallet_payouts (status, requested_at);
CREATE TABLE channel_prices (
  streamer_id TEXT PRIMARY KEY,
  basic_cents BIGINT,
  premium_cents BIGINT,
  updated_at BIGINT NOT NULL
);
ALTER TABLE stream_subscriptions ADD COLUMN pending_tier TEXT;
ALTER TABLE stream_subscriptions ADD COLUMN cancelled_at BIGINT;
ALTER TABLE stream_subscriptions ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX idx_subscriptions_due ON stream_subscriptions (status, expires_at);
CREATE INDEX idx_subscriptions_follower ON stream_subscriptions (follower_id);
