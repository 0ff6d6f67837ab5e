-- Channel moderation (per streamer, across all their streams): appointed moderators, bans and
-- timeouts (expires_at NULL = a ban until lifted), chat settings and blocked terms.
CREATE TABLE IF NOT EXISTS channel_moderators (
  streamer_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (streamer_id, user_id)
);
CREATE TABLE IF NOT EXISTS channel_bans (
  streamer_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  expires_at BIGINT,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (streamer_id, user_id)
);
CREATE TABLE IF NOT EXISTS channel_chat_settings (
  streamer_id TEXT NOT NULL PRIMARY KEY,
  slow_mode_seconds INTEGER NOT NULL DEFAULT 0,
  followers_only INTEGER NOT NULL DEFAULT 0,
  subscribers_only INTEGER NOT NULL DEFAULT 0,
  emote_only INTEGER NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS channel_blocked_terms (
  streamer_id TEXT NOT NULL,
  term TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (streamer_id, term)
);
