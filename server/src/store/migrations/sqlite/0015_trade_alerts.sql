-- Trade alerts (issue 13). Insert-only: alert_events is each channel's hash-chained log (the record;
-- body = the canonical JSON of the entry without hash and prev_hash), alerts indexes the posts,
-- channel_alert_settings keeps every version of a channel's settings (the highest in force), and
-- alert_chain_locks holds one row per channel that appends lock, so seq and prev_hash are taken
-- one append at a time. Triggers refuse UPDATE and DELETE on all four. stream_messages gains the
-- alert an ALERT chat line announces.
CREATE TABLE alert_chain_locks (
  streamer_id TEXT PRIMARY KEY
);
CREATE TABLE alert_events (
  streamer_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  alert_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  body TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  idempotency_key TEXT,
  PRIMARY KEY (streamer_id, seq),
  UNIQUE (alert_id, idempotency_key)
);
CREATE INDEX idx_alert_events_alert ON alert_events (alert_id, seq);
CREATE TABLE alerts (
  alert_id TEXT PRIMARY KEY,
  streamer_id TEXT NOT NULL,
  stream_id TEXT NOT NULL,
  symbol TEXT NOT NULL,
  posted_at BIGINT NOT NULL,
  post_seq BIGINT NOT NULL,
  idempotency_key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  delay_premium_s INT NOT NULL,
  delay_basic_s INT NOT NULL,
  delay_free_s INT NOT NULL,
  UNIQUE (streamer_id, idempotency_key)
);
CREATE INDEX idx_alerts_channel ON alerts (streamer_id, posted_at, alert_id);
CREATE INDEX idx_alerts_symbol ON alerts (streamer_id, symbol, posted_at);
CREATE TABLE channel_alert_settings (
  streamer_id TEXT NOT NULL,
  version BIGINT NOT NULL,
  disclaimer TEXT,
  delay_premium_s INT NOT NULL,
  delay_basic_s INT NOT NULL,
  delay_free_s INT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (streamer_id, version)
);
CREATE TRIGGER alert_events_no_update BEFORE UPDATE ON alert_events BEGIN SELECT RAISE(ABORT, 'alert_events is insert-only'); END;
CREATE TRIGGER alert_events_no_delete BEFORE DELETE ON alert_events BEGIN SELECT RAISE(ABORT, 'alert_events is insert-only'); END;
CREATE TRIGGER alerts_no_update BEFORE UPDATE ON alerts BEGIN SELECT RAISE(ABORT, 'alerts is insert-only'); END;
CREATE TRIGGER alerts_no_delete BEFORE DELETE ON alerts BEGIN SELECT RAISE(ABORT, 'alerts is insert-only'); END;
CREATE TRIGGER channel_alert_settings_no_update BEFORE UPDATE ON channel_alert_settings BEGIN SELECT RAISE(ABORT, 'channel_alert_settings is insert-only'); END;
CREATE TRIGGER channel_alert_settings_no_delete BEFORE DELETE ON channel_alert_settings BEGIN SELECT RAISE(ABORT, 'channel_alert_settings is insert-only'); END;
ALTER TABLE stream_messages ADD COLUMN alert_id TEXT;
