#include "store/soci/soci_store.hpp"

namespace tc::store {
namespace {

constexpr const char* kSelect =
    "SELECT s.stream_id, s.streamer_id, u.username, s.title, s.description, s.thumbnail_url, s.status, "
    "s.viewer_count, s.peak_viewers, s.started_at, s.ended_at, s.duration_seconds, s.category, s.is_recording, "
    "s.recording_url, s.created_at, s.recording_state FROM streams s LEFT JOIN users u ON u.id = s.streamer_id ";

StreamRow from_row(const soci::row& r) {
  StreamRow s;
  read_row(r, s.stream_id, s.streamer_id, EmptyIfNull{s.streamer_username}, s.title, s.description, s.thumbnail_url,
           s.status, s.viewer_count, s.peak_viewers, s.started_at, s.ended_at, s.duration_seconds, s.category,
           s.is_recording, s.recording_url, s.created_at, s.recording_state);
  return s;
}

// LIKE pattern for "contains text", with '!' escaping the wildcards (same syntax on both dialects).
std::string contains_pattern(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '!' || c == '%' || c == '_') out += '!';
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  out += '%';
  return out;
}

}  // namespace

bool SociStreamStore::insert_if_under_live_limit(const StreamRow& s, int max_live) {
  soci::session sql(db_.pool());
  WriteTx tx(db_, sql);
  // Serialise creates of one streamer on their user row (MariaDB); SQLite's IMMEDIATE lock already does.
  std::string locked;
  sql << std::string("SELECT id FROM users WHERE id = :id") + tx.for_update(), soci::use(s.streamer_id),
      soci::into(locked);
  int live = 0;
  sql << "SELECT COUNT(*) FROM streams WHERE streamer_id = :id AND status = 'LIVE'", soci::use(s.streamer_id),
      soci::into(live);
  if (live >= max_live) return false;

  Nullable desc(s.description);
  long long started = s.started_at, created = s.created_at;
  int recording = s.is_recording ? 1 : 0;
  sql << "INSERT INTO streams (stream_id, streamer_id, title, description, status, viewer_count, peak_viewers, "
         "started_at, category, is_recording, created_at) VALUES (:id, :streamer, :title, :descr, :status, 0, 0, "
         ":started, :category, :recording, :created)",
      soci::use(s.stream_id), soci::use(s.streamer_id), soci::use(s.title), desc.use(), soci::use(s.status),
      soci::use(started), soci::use(s.category), soci::use(recording), soci::use(created);
  tx.commit();
  return true;
}

std::optional<StreamRow> SociStreamStore::get(const std::string& stream_id) {
  soci::session sql(db_.pool());
  soci::row r;
  sql << std::string(kSelect) + "WHERE s.stream_id = :id", soci::use(stream_id), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return from_row(r);
}

bool SociStreamStore::end(const std::string& stream_id, int64_t ended_at, int duration_seconds) {
  soci::session sql(db_.pool());
  long long at = ended_at;
  return affected_rows((sql.prepare << "UPDATE streams SET status = 'ENDED', ended_at = :at, duration_seconds = "
                                       ":dur, viewer_count = 0 WHERE stream_id = :id AND status = 'LIVE'",
                        soci::use(at), soci::use(duration_seconds), soci::use(stream_id))) == 1;
}

std::vector<StreamRow> SociStreamStore::list(const StreamQuery& q) {
  SqlParams params;
  std::string where;
  auto add = [&](const std::string& clause) { where += where.empty() ? "WHERE " + clause : " AND " + clause; };
  if (q.status) {
    add("s.status = :status");
    params.emplace_back(*q.status);
  }
  if (q.category) {
    add("s.category = :category");
    params.emplace_back(*q.category);
  }
  if (q.streamer_id) {
    add("s.streamer_id = :streamer");
    params.emplace_back(*q.streamer_id);
  }
  if (q.text) {
    add("(LOWER(s.title) LIKE :q1 ESCAPE '!' OR u.username_key LIKE :q2 ESCAPE '!')");
    const auto pattern = contains_pattern(*q.text);
    params.emplace_back(pattern);
    params.emplace_back(pattern);
  }
  if (q.after) {
    add("(s.started_at < :c1 OR (s.started_at = :c2 AND s.stream_id < :c3))");
    params.emplace_back(static_cast<long long>(q.after->started_at));
    params.emplace_back(static_cast<long long>(q.after->started_at));
    params.emplace_back(q.after->stream_id);
  }
  const std::string query =
      std::string(kSelect) + where + " ORDER BY s.started_at DESC, s.stream_id DESC LIMIT " + std::to_string(q.limit);

  soci::session sql(db_.pool());
  std::vector<StreamRow> out;
  for_rows(sql, query, params, [&](const soci::row& r) { out.push_back(from_row(r)); });
  return out;
}

namespace {
bool set_url_column(SociDb& db, const char* column, const std::string& stream_id, const std::string& url) {
  soci::session sql(db.pool());
  // Same value again counts as a change on SQLite but not on MariaDB: check existence instead.
  soci::statement st = (sql.prepare << std::string("UPDATE streams SET ") + column + " = :url WHERE stream_id = :id",
                        soci::use(url), soci::use(stream_id));
  st.execute(true);
  int n = 0;
  sql << "SELECT COUNT(*) FROM streams WHERE stream_id = :id", soci::use(stream_id), soci::into(n);
  return n == 1;
}
}  // namespace

bool SociStreamStore::set_thumbnail_url(const std::string& stream_id, const std::string& url) {
  return set_url_column(db_, "thumbnail_url", stream_id, url);
}

bool SociStreamStore::set_recording_url(const std::string& stream_id, const std::string& url) {
  return set_url_column(db_, "recording_url", stream_id, url);
}

bool SociStreamStore::set_recording_state(const std::string& stream_id, const std::string& state) {
  return set_url_column(db_, "recording_state", stream_id, state);
}

}  // namespace tc::store
