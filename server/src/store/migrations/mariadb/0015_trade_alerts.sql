-- Trade alerts (issue 13). Insert-only: alert_events is each channel's hash-chained log (the record;
-- body = the canonical JSON of the entry without hash and prev_hash), alerts indexes the posts,
-- channel_alert_settings keeps every version of a channel's settings (the highest in force), and
-- alert_chain_locks holds one row per channel that appends lock (SELECT … FOR UPDATE), so seq and
-- prev_hash are taken one append at a time. Triggers refuse UPDATE and DELETE on all four (the
-- database user needs the TRIGGER privilege). stream_messages gains the alert an ALERT chat line
-- announces.
CREATE TABLE IF NOT EXISTS alert_chain_locks (
  streamer_id VARCHAR(128) NOT NULL PRIMARY KEY
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS alert_events (
  streamer_id VARCHAR(128) NOT NULL,
  seq BIGINT NOT NULL,
  alert_id VARCHAR(64) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  body MEDIUMTEXT NOT NULL,
  prev_hash CHAR(64) NOT NULL,
  hash CHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  idempotency_key VARCHAR(100) NULL,
  PRIMARY KEY (streamer_id, seq),
  UNIQUE KEY uq_alert_events_key (alert_id, idempotency_key),
  KEY idx_alert_events_alert (alert_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS alerts (
  alert_id VARCHAR(64) NOT NULL PRIMARY KEY,
  streamer_id VARCHAR(128) NOT NULL,
  stream_id VARCHAR(64) NOT NULL,
  symbol VARCHAR(20) NOT NULL,
  posted_at BIGINT NOT NULL,
  post_seq BIGINT NOT NULL,
  idempotency_key VARCHAR(100) NOT NULL,
  fingerprint CHAR(64) NOT NULL,
  delay_premium_s INT NOT NULL,
  delay_basic_s INT NOT NULL,
  delay_free_s INT NOT NULL,
  UNIQUE KEY uq_alerts_key (streamer_id, idempotency_key),
  KEY idx_alerts_channel (streamer_id, posted_at, alert_id),
  KEY idx_alerts_symbol (streamer_id, symbol, posted_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS channel_alert_settings (
  streamer_id VARCHAR(128) NOT NULL,
  version BIGINT NOT NULL,
  disclaimer TEXT NULL,
  delay_premium_s INT NOT NULL,
  delay_basic_s INT NOT NULL,
  delay_free_s INT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (streamer_id, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TRIGGER IF NOT EXISTS alert_events_no_update BEFORE UPDATE ON alert_events FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'alert_events is insert-only';
CREATE TRIGGER IF NOT EXISTS alert_events_no_delete BEFORE DELETE ON alert_events FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'alert_events is insert-only';
CREATE TRIGGER IF NOT EXISTS alerts_no_update BEFORE UPDATE ON alerts FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'alerts is insert-only';
CREATE TRIGGER IF NOT EXISTS alerts_no_delete BEFORE DELETE ON alerts FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'alerts is insert-only';
CREATE TRIGGER IF NOT EXISTS channel_alert_settings_no_update BEFORE UPDATE ON channel_alert_settings FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'channel_alert_settings is insert-only';
CREATE TRIGGER IF NOT EXISTS channel_alert_settings_no_delete BEFORE DELETE ON channel_alert_settings FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'channel_alert_settings is insert-only';
ALTER TABLE stream_messages ADD COLUMN IF NOT EXISTS alert_id VARCHAR(64) NULL;
