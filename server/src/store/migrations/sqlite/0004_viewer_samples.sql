-- Viewers over time: one row per sample of a LIVE stream's viewer count (and a last one at its end).
-- The writer spaces samples wider as a stream ages and stops at a per-stream cap, so a stream has a
-- bounded number of rows however long it runs.
CREATE TABLE IF NOT EXISTS stream_viewer_samples (
  sample_id INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_id TEXT NOT NULL REFERENCES streams (stream_id) ON DELETE CASCADE,
  t BIGINT NOT NULL,
  viewers INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_viewer_samples_stream_t ON stream_viewer_samples (stream_id, t);
