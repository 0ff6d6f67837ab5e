-- Channel moderation (per streamer, across all their streams): appointed moderators, bans and
-- timeouts (expires_at NULL = a ban until lifted), chat settings and blocked terms.
CREATE TABLE IF NOT EXISTS channel_moderators (
  streamer_id VARCHAR(64) NOT NULL,
  user_id VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (streamer_id, user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS channel_bans (
  streamer_id VARCHAR(64) NOT NULL,
  user_id VARCHAR(64) NOT NULL,
  expires_at BIGINT NULL,
  created_by VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (streamer_id, user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS channel_chat_settings (
  streamer_id VARCHAR(64) NOT NULL PRIMARY KEY,
  slow_mode_seconds INT NOT NULL DEFAULT 0,
  followers_only TINYINT(1) NOT NULL DEFAULT 0,
  subscribers_only TINYINT(1) NOT NULL DEFAULT 0,
  emote_only TINYINT(1) NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS channel_blocked_terms (
  streamer_id VARCHAR(64) NOT NULL,
  term VARCHAR(200) NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (streamer_id, term)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
