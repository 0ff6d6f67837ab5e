// Node heartbeats and the watch sessions of a node that stopped beating (issue 12 §3); the rules
// (when to beat, when a node counts as dead) are domain/viewers/node_liveness's.
#include "store/soci/soci_store.hpp"

namespace tc::store {

bool SociViewerStore::node_heartbeat(const std::string& node_id, int64_t now) {
  soci::session sql(db_.pool());
  long long at = now;
  soci::statement st = (sql.prepare << "UPDATE node_heartbeats SET heartbeat_at = :at WHERE node_id = :id",
                        soci::use(at), soci::use(node_id));
  st.execute(true);
  if (st.get_affected_rows() > 0) return true;
  // First beat, or the others found us silent and declared us dead meanwhile. Two nodes never share
  // an id, so nothing races this insert but our own earlier beat, which the update above would have hit.
  sql << "INSERT INTO node_heartbeats (node_id, started_at, heartbeat_at) VALUES (:id, :s, :h)", soci::use(node_id),
      soci::use(at), soci::use(at);
  return false;
}

std::vector<NodeHeartbeatRow> SociViewerStore::stale_nodes(int64_t cutoff) {
  soci::session sql(db_.pool());
  long long c = cutoff;
  soci::rowset<soci::row> rs =
      (sql.prepare
           << "SELECT node_id, heartbeat_at FROM node_heartbeats WHERE heartbeat_at < :c ORDER BY node_id LIMIT 100",
       soci::use(c));
  std::vector<NodeHeartbeatRow> out;
  for (const auto& r : rs) out.push_back({row_str(r, 0), row_i64(r, 1)});
  return out;
}

std::optional<std::vector<std::string>> SociViewerStore::reap_node(const std::string& node_id, int64_t cutoff) {
  soci::session sql(db_.pool());
  WriteTx tx(db_, sql);
  long long c = cutoff;
  soci::row hb;
  sql << std::string("SELECT heartbeat_at FROM node_heartbeats WHERE node_id = :id AND heartbeat_at < :c") +
             tx.for_update(),
      soci::use(node_id), soci::use(c), soci::into(hb);
  if (!sql.got_data()) return std::nullopt;  // another node did it first, or it beat again meanwhile
  long long last = row_i64(hb, 0);
  sql << "DELETE FROM node_heartbeats WHERE node_id = :id", soci::use(node_id);
  std::vector<std::string> streams;
  {
    soci::rowset<soci::row> rs =
        (sql.prepare << "SELECT DISTINCT stream_id FROM stream_viewers WHERE node_id = :id AND left_at IS NULL",
         soci::use(node_id));
    for (const auto& r : rs) streams.push_back(row_str(r, 0));
  }
  // Its viewers left when it was last heard of (one who joined after that: at their join).
  sql << "UPDATE stream_viewers SET left_at = CASE WHEN joined_at > :a THEN joined_at ELSE :b END, "
         "watch_duration_seconds = CASE WHEN joined_at > :c THEN 0 ELSE (:d - joined_at) / 1000 END "
         "WHERE node_id = :id AND left_at IS NULL",
      soci::use(last), soci::use(last), soci::use(last), soci::use(last), soci::use(node_id);
  // The streams' counts are what the nodes still serving them have open: one session per viewer per
  // node, the sum every node keeps in memory (a node still serving the stream writes its own next).
  for (const auto& s : streams) {
    sql << "UPDATE streams SET viewer_count = (SELECT COUNT(*) FROM stream_viewers WHERE stream_id = :a AND "
           "left_at IS NULL) WHERE stream_id = :b",
        soci::use(s), soci::use(s);
  }
  tx.commit();
  return streams;
}

}  // namespace tc::store
