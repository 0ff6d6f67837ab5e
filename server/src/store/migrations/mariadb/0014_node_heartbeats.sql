-- Node heartbeats (issue 12 §3): every node of a cluster (--redis) writes its heartbeat here; a node
-- whose heartbeat is older than --node-ttl is declared dead by the others, which close its watch
-- sessions (stream_viewers.node_id says whose they are) and correct the streams' viewer counts.
CREATE TABLE IF NOT EXISTS node_heartbeats (
  node_id VARCHAR(32) NOT NULL PRIMARY KEY,
  started_at BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
ALTER TABLE stream_viewers ADD COLUMN IF NOT EXISTS node_id VARCHAR(32) NOT NULL DEFAULT '';
CREATE INDEX IF NOT EXISTS idx_viewers_node ON stream_viewers (node_id, left_at);
