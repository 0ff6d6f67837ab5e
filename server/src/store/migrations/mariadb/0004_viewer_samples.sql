-- Viewers over time: one row per sample of a LIVE stream's viewer count (and a last one at its end).
-- The writer spaces samples wider as a stream ages and stops at a per-stream cap, so a stream has a
-- bounded number of rows however long it runs.
CREATE TABLE IF NOT EXISTS stream_viewer_samples (
  sample_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  stream_id VARCHAR(36) NOT NULL,
  t BIGINT NOT NULL,
  viewers INT NOT NULL,
  KEY idx_viewer_samples_stream_t (stream_id, t),
  CONSTRAINT fk_viewer_samples_stream FOREIGN KEY (stream_id) REFERENCES streams (stream_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
