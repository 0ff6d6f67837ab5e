-- Chat moderation: a deleted message stays in the table (for audit) but leaves history and replay.
ALTER TABLE stream_messages ADD COLUMN deleted_at BIGINT;
