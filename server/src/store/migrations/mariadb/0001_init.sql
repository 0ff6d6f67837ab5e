-- Founding schema (streams, stream_messages, stream_viewers, stream_tips, stream_subscriptions) plus users.
-- Times are epoch milliseconds, money integer cents, text utf8mb4. MariaDB DDL commits on its own, so
-- every statement is idempotent (IF NOT EXISTS) and a migration interrupted midway can be re-run.
CREATE TABLE IF NOT EXISTS users (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  username VARCHAR(64) NOT NULL,
  username_key VARCHAR(64) NOT NULL,
  password_hash VARCHAR(255) NULL,
  origin ENUM('local', 'external') NOT NULL DEFAULT 'local',
  created_at BIGINT NOT NULL,
  UNIQUE KEY uq_users_username_key (username_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS streams (
  stream_id VARCHAR(36) NOT NULL PRIMARY KEY,
  streamer_id VARCHAR(64) NOT NULL,
  title VARCHAR(255) NOT NULL,
  description TEXT NULL,
  thumbnail_url VARCHAR(500) NULL,
  status ENUM('LIVE', 'ENDED', 'SCHEDULED') NOT NULL DEFAULT 'LIVE',
  viewer_count INT NOT NULL DEFAULT 0,
  peak_viewers INT NOT NULL DEFAULT 0,
  started_at BIGINT NOT NULL,
  ended_at BIGINT NULL,
  duration_seconds INT NULL,
  category VARCHAR(100) NOT NULL DEFAULT 'trading',
  is_recording TINYINT(1) NOT NULL DEFAULT 1,
  recording_url VARCHAR(500) NULL,
  created_at BIGINT NOT NULL,
  KEY idx_streams_streamer (streamer_id, status),
  KEY idx_streams_status_started (status, started_at, stream_id),
  KEY idx_streams_started (started_at, stream_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS stream_messages (
  message_id VARCHAR(36) NOT NULL PRIMARY KEY,
  stream_id VARCHAR(36) NOT NULL,
  user_id VARCHAR(64) NOT NULL,
  username VARCHAR(100) NOT NULL,
  message TEXT NOT NULL,
  message_type ENUM('TEXT', 'EMOJI', 'TIP', 'ALERT') NOT NULL DEFAULT 'TEXT',
  tip_amount_cents BIGINT NULL,
  created_at BIGINT NOT NULL,
  KEY idx_messages_stream_created (stream_id, created_at),
  CONSTRAINT fk_messages_stream FOREIGN KEY (stream_id) REFERENCES streams (stream_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS stream_viewers (
  viewer_id VARCHAR(36) NOT NULL PRIMARY KEY,
  stream_id VARCHAR(36) NOT NULL,
  user_id VARCHAR(64) NOT NULL,
  joined_at BIGINT NOT NULL,
  left_at BIGINT NULL,
  watch_duration_seconds INT NOT NULL DEFAULT 0,
  KEY idx_viewers_stream (stream_id, left_at),
  KEY idx_viewers_user (user_id),
  CONSTRAINT fk_viewers_stream FOREIGN KEY (stream_id) REFERENCES streams (stream_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS stream_tips (
  tip_id VARCHAR(36) NOT NULL PRIMARY KEY,
  stream_id VARCHAR(36) NOT NULL,
  from_user_id VARCHAR(64) NOT NULL,
  to_user_id VARCHAR(64) NOT NULL,
  amount_cents BIGINT NOT NULL,
  fee_cents BIGINT NOT NULL DEFAULT 0,
  currency CHAR(3) NOT NULL DEFAULT 'USD',
  message TEXT NULL,
  created_at BIGINT NOT NULL,
  KEY idx_tips_stream (stream_id),
  KEY idx_tips_to_user (to_user_id),
  CONSTRAINT fk_tips_stream FOREIGN KEY (stream_id) REFERENCES streams (stream_id) ON DELETE CASCADE,
  CONSTRAINT chk_tips_amount CHECK (amount_cents > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS stream_subscriptions (
  subscription_id VARCHAR(36) NOT NULL PRIMARY KEY,
  follower_id VARCHAR(64) NOT NULL,
  streamer_id VARCHAR(64) NOT NULL,
  tier ENUM('FREE', 'BASIC', 'PREMIUM') NOT NULL DEFAULT 'FREE',
  price_cents BIGINT NULL,
  status ENUM('ACTIVE', 'CANCELLED', 'EXPIRED') NOT NULL DEFAULT 'ACTIVE',
  created_at BIGINT NOT NULL,
  expires_at BIGINT NULL,
  UNIQUE KEY uq_subscription (follower_id, streamer_id),
  KEY idx_subscriptions_streamer (streamer_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
