-- Node heartbeats (issue 12 §3): every node of a cluster (--redis) writes its heartbeat here; a node
-- whose heartbeat is older than --node-ttl is declared dead by the others, which close its watch
-- sessions (stream_viewers.node_id says whose they are) and correct the streams' viewer counts.
CREATE TABLE node_heartbeats (
  node_id TEXT PRIMARY KEY,
  started_at BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL
);
ALTER TABLE stream_viewers ADD COLUMN node_id TEXT NOT NULL DEFAULT '';
CREATE INDEX idx_viewers_node ON stream_viewers (node_id, left_at);
