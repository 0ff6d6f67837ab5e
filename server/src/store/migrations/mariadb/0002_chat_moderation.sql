-- Chat moderation: a deleted message stays in the table (for audit) but leaves history and replay.
ALTER TABLE stream_messages ADD COLUMN IF NOT EXISTS deleted_at BIGINT NULL;
