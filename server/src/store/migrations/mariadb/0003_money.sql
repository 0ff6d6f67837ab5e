-- Money (issue 4): a double-entry ledger in integer cents, payouts, channel prices, subscription
-- state for renewals. DDL auto-commits on MariaDB, so every statement is idempotent.
-- Durability: run InnoDB with innodb_flush_log_at_trx_commit=1 (the default) and sync_binlog=1 if
-- the binary log is on; otherwise an acknowledged transfer can be lost in a power cut.
CREATE TABLE IF NOT EXISTS ledger_accounts (
  account_id VARCHAR(80) NOT NULL PRIMARY KEY,
  kind ENUM('USER', 'PLATFORM', 'EXTERNAL') NOT NULL,
  user_id VARCHAR(64) NULL,
  balance_cents BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  UNIQUE KEY uq_accounts_user (user_id),
  CONSTRAINT chk_accounts_balance CHECK (kind = 'EXTERNAL' OR balance_cents >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
INSERT IGNORE INTO ledger_accounts (account_id, kind, balance_cents, created_at) VALUES ('platform:revenue', 'PLATFORM', 0, 0);
INSERT IGNORE INTO ledger_accounts (account_id, kind, balance_cents, created_at) VALUES ('platform:payouts', 'PLATFORM', 0, 0);
INSERT IGNORE INTO ledger_accounts (account_id, kind, balance_cents, created_at) VALUES ('external:funding', 'EXTERNAL', 0, 0);
CREATE TABLE IF NOT EXISTS ledger_transfers (
  transfer_id VARCHAR(36) NOT NULL PRIMARY KEY,
  kind ENUM('DEPOSIT', 'TIP', 'SUBSCRIPTION', 'PAYOUT_REQUEST', 'PAYOUT', 'REFUND', 'ADJUSTMENT') NOT NULL,
  amount_cents BIGINT NOT NULL,
  currency CHAR(3) NOT NULL,
  reference_id VARCHAR(100) NULL,
  stream_id VARCHAR(36) NULL,
  initiator VARCHAR(80) NOT NULL,
  idem_scope VARCHAR(120) NULL,
  idem_key VARCHAR(200) NULL,
  request_hash VARCHAR(64) NULL,
  created_at BIGINT NOT NULL,
  UNIQUE KEY uq_transfers_idem (idem_scope, idem_key),
  KEY idx_transfers_reference (reference_id),
  KEY idx_transfers_stream (stream_id, kind),
  CONSTRAINT chk_transfers_amount CHECK (amount_cents > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS ledger_entries (
  entry_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  transfer_id VARCHAR(36) NOT NULL,
  account_id VARCHAR(80) NOT NULL,
  entry_kind VARCHAR(20) NOT NULL,
  amount_cents BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  KEY idx_entries_account (account_id, entry_id),
  KEY idx_entries_transfer (transfer_id),
  CONSTRAINT fk_entries_transfer FOREIGN KEY (transfer_id) REFERENCES ledger_transfers (transfer_id),
  CONSTRAINT fk_entries_account FOREIGN KEY (account_id) REFERENCES ledger_accounts (account_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS wallet_payouts (
  payout_id VARCHAR(36) NOT NULL PRIMARY KEY,
  user_id VARCHAR(64) NOT NULL,
  amount_cents BIGINT NOT NULL,
  currency CHAR(3) NOT NULL,
  status ENUM('REQUESTED', 'PAID', 'REJECTED') NOT NULL DEFAULT 'REQUESTED',
  requested_at BIGINT NOT NULL,
  decided_at BIGINT NULL,
  note VARCHAR(500) NULL,
  KEY idx_payouts_user (user_id, requested_at),
  KEY idx_payouts_status (status, requested_at),
  CONSTRAINT chk_payouts_amount CHECK (amount_cents > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS channel_prices (
  streamer_id VARCHAR(64) NOT NULL PRIMARY KEY,
  basic_cents BIGINT NULL,
  premium_cents BIGINT NULL,
  updated_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
ALTER TABLE stream_subscriptions ADD COLUMN IF NOT EXISTS pending_tier ENUM('FREE', 'BASIC', 'PREMIUM') NULL;
ALTER TABLE stream_subscriptions ADD COLUMN IF NOT EXISTS cancelled_at BIGINT NULL;
ALTER TABLE stream_subscriptions ADD COLUMN IF NOT EXISTS updated_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS idx_subscriptions_due ON stream_subscriptions (status, expires_at);
CREATE INDEX IF NOT EXISTS idx_subscriptions_follower ON stream_subscriptions (follower_id);
