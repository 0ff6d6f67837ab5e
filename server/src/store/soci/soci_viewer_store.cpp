#include "store/soci/soci_store.hpp"

namespace tc::store {

void SociViewerStore::apply(const std::vector<ViewerSessionRow>& sessions) {
  if (sessions.empty()) return;
  soci::session sql(db_.pool());
  WriteTx tx(db_, sql);
  for (const auto& v : sessions) {
    long long joined = v.joined_at;
    if (!v.left_at) {
      sql << "INSERT INTO stream_viewers (viewer_id, stream_id, user_id, joined_at, left_at, watch_duration_seconds, "
             "node_id) VALUES (:id, :stream, :user, :joined, NULL, 0, :node)",
          soci::use(v.viewer_id), soci::use(v.stream_id), soci::use(v.user_id), soci::use(joined), soci::use(v.node_id);
      continue;
    }
    long long left = *v.left_at;
    int duration = static_cast<int>(std::max<int64_t>(0, (*v.left_at - v.joined_at) / 1000));
    // The writer queues a session's open before its close, so the row exists by now.
    sql << "UPDATE stream_viewers SET left_at = :left, watch_duration_seconds = :d WHERE viewer_id = :id",
        soci::use(left), soci::use(duration), soci::use(v.viewer_id);
  }
  tx.commit();
}

int SociViewerStore::close_open(const std::string& stream_id, int64_t now) {
  soci::session sql(db_.pool());
  long long at = now;
  // Duration in whole seconds, computed the same way on both dialects (integer division).
  const std::string set =
      "UPDATE stream_viewers SET left_at = :now, watch_duration_seconds = (:now2 - joined_at) / 1000 "
      "WHERE left_at IS NULL";
  soci::statement st = stream_id.empty() ? (sql.prepare << set, soci::use(at), soci::use(at))
                                         : (sql.prepare << set + " AND stream_id = :stream", soci::use(at),
                                            soci::use(at), soci::use(stream_id));
  return static_cast<int>(affected_rows(st));
}

void SociViewerStore::update_counts(const std::string& stream_id, int current, int peak) {
  soci::session sql(db_.pool());
  sql << "UPDATE streams SET viewer_count = :c, peak_viewers = CASE WHEN peak_viewers < :p THEN :p2 ELSE "
         "peak_viewers END WHERE stream_id = :id",
      soci::use(current), soci::use(peak), soci::use(peak), soci::use(stream_id);
}

StreamStatsRow SociViewerStore::stats(const std::string& stream_id) {
  soci::session sql(db_.pool());
  StreamStatsRow s;
  soci::row r;
  sql << "SELECT COUNT(*), COALESCE(SUM(watch_duration_seconds), 0) FROM stream_viewers WHERE stream_id = :id "
         "AND left_at IS NOT NULL",
      soci::use(stream_id), soci::into(r);
  s.viewer_sessions = row_i64(r, 0);
  const int64_t total = row_i64(r, 1);
  s.avg_watch_seconds = s.viewer_sessions ? static_cast<double>(total) / static_cast<double>(s.viewer_sessions) : 0;
  soci::row m;
  sql << "SELECT COUNT(*) FROM stream_messages WHERE stream_id = :id", soci::use(stream_id), soci::into(m);
  s.message_count = row_i64(m, 0);
  soci::row t;
  // From the ledger (issue 4): the TIP transfers of this stream.
  sql << "SELECT COALESCE(SUM(amount_cents), 0) FROM ledger_transfers WHERE stream_id = :id AND kind = 'TIP'",
      soci::use(stream_id), soci::into(t);
  s.total_tips_cents = row_i64(t, 0);
  return s;
}

}  // namespace tc::store

namespace tc::store {

int SociViewerStore::add_samples(const std::vector<ViewerSampleRow>& samples, int max_per_stream) {
  if (samples.empty()) return 0;
  soci::session sql(db_.pool());
  WriteTx tx(db_, sql);
  int written = 0;
  for (const auto& s : samples) {
    long long t = s.t;
    // One statement checks that the stream exists and is under its cap, so neither a sample of a
    // stream deleted meanwhile nor one past the cap fails the batch.
    written += static_cast<int>(affected_rows(
        (sql.prepare << "INSERT INTO stream_viewer_samples (stream_id, t, viewers) SELECT stream_id, :t, :v FROM "
                        "streams WHERE stream_id = :id AND (SELECT COUNT(*) FROM stream_viewer_samples WHERE "
                        "stream_id = :id2) < :cap",
         soci::use(t), soci::use(s.viewers), soci::use(s.stream_id), soci::use(s.stream_id),
         soci::use(max_per_stream))));
  }
  tx.commit();
  return written;
}

std::vector<ViewerSampleRow> SociViewerStore::samples(const std::string& stream_id, int limit) {
  soci::session sql(db_.pool());
  soci::rowset<soci::row> rs =
      (sql.prepare
           << "SELECT t, viewers FROM stream_viewer_samples WHERE stream_id = :id ORDER BY t, sample_id LIMIT " +
                  std::to_string(std::max(0, limit)),
       soci::use(stream_id));
  std::vector<ViewerSampleRow> out;
  for (const auto& r : rs) out.push_back({stream_id, row_i64(r, 0), static_cast<int>(row_i64(r, 1))});
  return out;
}

}  // namespace tc::store
