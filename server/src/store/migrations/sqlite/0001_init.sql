-- Founding schema (streams, stream_messages, stream_viewers, stream_tips, stream_subscriptions) plus users.
-- Times are epoch milliseconds, money integer cents. Each statement ends with ';' at the end of a line.
-- 64-bit columns are declared BIGINT: SOCI reads a column declared INTEGER into a 32-bit int.
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  username_key TEXT NOT NULL UNIQUE,
  password_hash TEXT,
  origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'external')),
  created_at BIGINT NOT NULL
);
CREATE TABLE streams (
  stream_id TEXT PRIMARY KEY,
  streamer_id TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT,
  thumbnail_url TEXT,
  status TEXT NOT NULL DEFAULT 'LIVE' CHECK (status IN ('LIVE', 'ENDED', 'SCHEDULED')),
  viewer_count INTEGER NOT NULL DEFAULT 0,
  peak_viewers INTEGER NOT NULL DEFAULT 0,
  started_at BIGINT NOT NULL,
  ended_at BIGINT,
  duration_seconds INTEGER,
  category TEXT NOT NULL DEFAULT 'trading',
  is_recording INTEGER NOT NULL DEFAULT 1,
  recording_url TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX idx_streams_streamer ON streams (streamer_id, status);
CREATE INDEX idx_streams_status_started ON streams (status, started_at, stream_id);
CREATE INDEX idx_streams_started ON streams (started_at, stream_id);
CREATE TABLE stream_messages (
  message_id TEXT PRIMARY KEY,
  stream_id TEXT NOT NULL REFERENCES streams (stream_id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  username TEXT NOT NULL,
  message TEXT NOT NULL,
  message_type TEXT NOT NULL DEFAULT 'TEXT' CHECK (message_type IN ('TEXT', 'EMOJI', 'TIP', 'ALERT')),
  tip_amount_cents BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX idx_messages_stream_created ON stream_messages (stream_id, created_at);
CREATE TABLE stream_viewers (
  viewer_id TEXT PRIMARY KEY,
  stream_id TEXT NOT NULL REFERENCES streams (stream_id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  joined_at BIGINT NOT NULL,
  left_at BIGINT,
  watch_duration_seconds INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX idx_viewers_stream ON stream_viewers (stream_id, left_at);
CREATE INDEX idx_viewers_user ON stream_viewers (user_id);
CREATE TABLE stream_tips (
  tip_id TEXT PRIMARY KEY,
  stream_id TEXT NOT NULL REFERENCES streams (stream_id) ON DELETE CASCADE,
  from_user_id TEXT NOT NULL,
  to_user_id TEXT NOT NULL,
  amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
  fee_cents BIGINT NOT NULL DEFAULT 0,
  currency TEXT NOT NULL DEFAULT 'USD',
  message TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX idx_tips_stream ON stream_tips (stream_id);
CREATE INDEX idx_tips_to_user ON stream_tips (to_user_id);
CREATE TABLE stream_subscriptions (
  subscription_id TEXT PRIMARY KEY,
  follower_id TEXT NOT NULL,
  streamer_id TEXT NOT NULL,
  tier TEXT NOT NULL DEFAULT 'FREE' CHECK (tier IN ('FREE', 'BASIC', 'PREMIUM')),
  price_cents BIGINT,
  status TEXT NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'CANCELLED', 'EXPIRED')),
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  UNIQUE (follower_id, streamer_id)
);
CREATE INDEX idx_subscriptions_streamer ON stream_subscriptions (streamer_id);
