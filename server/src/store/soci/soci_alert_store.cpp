// Trade-alert storage over SOCI (issue 13). Only INSERT and SELECT statements: the tables are
// insert-only (store/alert_store.hpp), which tests/unit/store/alert_store_insert_only_test.sh checks
// on this file.
#include "store/soci/soci_store.hpp"

namespace tc::store {

namespace {

constexpr const char* kEventColumns =
    "streamer_id, seq, alert_id, kind, body, prev_hash, hash, created_at, idempotency_key";
constexpr const char* kAlertColumns =
    "alert_id, streamer_id, stream_id, symbol, posted_at, post_seq, idempotency_key, fingerprint, delay_premium_s, "
    "delay_basic_s, delay_free_s";

AlertEventRow event_of(const soci::row& r) {
  AlertEventRow e;
  read_row(r, e.streamer_id, e.seq, e.alert_id, e.kind, e.body, e.prev_hash, e.hash, e.created_at, e.idempotency_key);
  return e;
}

AlertRow alert_of(const soci::row& r) {
  AlertRow a;
  read_row(r, a.alert_id, a.streamer_id, a.stream_id, a.symbol, a.posted_at, a.post_seq, a.idempotency_key,
           a.fingerprint, a.delay_premium_s, a.delay_basic_s, a.delay_free_s);
  return a;
}

// ":p0, :p1, …" for an IN list, the ids appended to `params`.
std::string in_list(const std::vector<std::string>& ids, SqlParams& params) {
  std::string s;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) s += ", ";
    s += ":p" + std::to_string(params.size());
    params.emplace_back(ids[i]);
  }
  return s;
}

void insert_event(soci::session& sql, const AlertEventRow& e) {
  long long seq = e.seq, at = e.created_at;
  Nullable key(e.idempotency_key);
  sql << "INSERT INTO alert_events (streamer_id, seq, alert_id, kind, body, prev_hash, hash, created_at, "
         "idempotency_key) VALUES (:s, :seq, :a, :k, :b, :p, :h, :at, :key)",
      soci::use(e.streamer_id), soci::use(seq), soci::use(e.alert_id), soci::use(e.kind), soci::use(e.body),
      soci::use(e.prev_hash), soci::use(e.hash), soci::use(at), key.use();
}

void insert_alert(soci::session& sql, const AlertRow& a) {
  long long at = a.posted_at, seq = a.post_seq;
  sql << "INSERT INTO alerts (alert_id, streamer_id, stream_id, symbol, posted_at, post_seq, idempotency_key, "
         "fingerprint, delay_premium_s, delay_basic_s, delay_free_s) VALUES (:a, :s, :st, :sym, :at, :seq, :k, :f, "
         ":dp, :db, :df)",
      soci::use(a.alert_id), soci::use(a.streamer_id), soci::use(a.stream_id), soci::use(a.symbol), soci::use(at),
      soci::use(seq), soci::use(a.idempotency_key), soci::use(a.fingerprint), soci::use(a.delay_premium_s),
      soci::use(a.delay_basic_s), soci::use(a.delay_free_s);
}

void insert_chat_line(soci::session& sql, const MessageRow& m) {
  long long created = m.created_at;
  Nullable alert(m.alert_id);
  sql << "INSERT INTO stream_messages (message_id, stream_id, user_id, username, message, message_type, created_at, "
         "alert_id) VALUES (:id, :stream, :user, :name, :msg, :type, :created, :alert)",
      soci::use(m.message_id), soci::use(m.stream_id), soci::use(m.user_id), soci::use(m.username),
      soci::use(m.message), soci::use(m.message_type), soci::use(created), alert.use();
}

// The channel's lock row, inserted on its first append and only read (locked) after that.
void ensure_lock_row(soci::session& sql, const std::string& streamer_id) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM alert_chain_locks WHERE streamer_id = :s", soci::use(streamer_id), soci::into(n);
  if (n > 0) return;
  try {
    sql << "INSERT INTO alert_chain_locks (streamer_id) VALUES (:s)", soci::use(streamer_id);
  } catch (const std::exception& e) {
    if (!is_unique_violation(e)) throw;  // another append inserted it first
  }
}

}  // namespace

AppendResult SociAlertStore::append(const std::string& streamer_id, const std::string& alert_id,
                                    const AlertSealer& seal) {
  soci::session sql(db_.pool());
  ensure_lock_row(sql, streamer_id);
  WriteTx tx(db_, sql);
  std::string locked;
  sql << std::string("SELECT streamer_id FROM alert_chain_locks WHERE streamer_id = :s") + tx.for_update(),
      soci::use(streamer_id), soci::into(locked);
  ChainHead head;
  soci::row h;
  // A locking read: it sees the newest committed head whatever the transaction's snapshot.
  sql << std::string("SELECT seq, hash FROM alert_events WHERE streamer_id = :s ORDER BY seq DESC LIMIT 1") +
             tx.for_update(),
      soci::use(streamer_id), soci::into(h);
  if (sql.got_data()) read_row(h, head.seq, head.hash);
  std::vector<AlertEventRow> mine;
  if (!alert_id.empty()) {
    soci::rowset<soci::row> rs =
        (sql.prepare << std::string("SELECT ") + kEventColumns + " FROM alert_events WHERE alert_id = :a ORDER BY seq",
         soci::use(alert_id));
    for (const auto& r : rs) mine.push_back(event_of(r));
  }
  auto sealed = seal(head, mine);
  if (!sealed) return {AppendStatus::refused, std::nullopt, sealed.error()};
  try {
    if (sealed->alert) insert_alert(sql, *sealed->alert);
    insert_event(sql, sealed->event);
    if (sealed->chat_line) insert_chat_line(sql, *sealed->chat_line);
  } catch (const std::exception& e) {
    if (is_unique_violation(e)) return {AppendStatus::duplicate_key, std::nullopt, std::nullopt};
    throw;
  }
  tx.commit();
  return {AppendStatus::appended, std::move(sealed->event), std::nullopt};
}

std::optional<AlertRow> SociAlertStore::alert(const std::string& alert_id) {
  soci::session sql(db_.pool());
  soci::row r;
  sql << std::string("SELECT ") + kAlertColumns + " FROM alerts WHERE alert_id = :a", soci::use(alert_id),
      soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return alert_of(r);
}

std::vector<AlertRow> SociAlertStore::alerts_by_id(const std::vector<std::string>& ids) {
  std::vector<AlertRow> out;
  if (ids.empty()) return out;
  soci::session sql(db_.pool());
  SqlParams params;
  const auto q =
      std::string("SELECT ") + kAlertColumns + " FROM alerts WHERE alert_id IN (" + in_list(ids, params) + ")";
  for_rows(sql, q, params, [&](const soci::row& r) { out.push_back(alert_of(r)); });
  return out;
}

std::optional<AlertRow> SociAlertStore::alert_by_key(const std::string& streamer_id, const std::string& key) {
  soci::session sql(db_.pool());
  soci::row r;
  sql << std::string("SELECT ") + kAlertColumns + " FROM alerts WHERE streamer_id = :s AND idempotency_key = :k",
      soci::use(streamer_id), soci::use(key), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return alert_of(r);
}

std::vector<AlertRow> SociAlertStore::alerts(const AlertQuery& q) {
  soci::session sql(db_.pool());
  SqlParams params{q.streamer_id};
  std::string where = " WHERE streamer_id = :p0";
  auto param = [&](std::variant<std::string, long long> v) {
    params.push_back(std::move(v));
    return ":p" + std::to_string(params.size() - 1);
  };
  if (q.symbol) where += " AND symbol = " + param(*q.symbol);
  if (q.from) where += " AND posted_at >= " + param(static_cast<long long>(*q.from));
  if (q.to) where += " AND posted_at < " + param(static_cast<long long>(*q.to));
  if (q.before) {
    // One placeholder per statement: SOCI binds in the order parameters were added, and the operands
    // of one + expression may be evaluated in any order.
    where += " AND (posted_at < " + param(static_cast<long long>(q.before->posted_at));
    where += " OR (posted_at = " + param(static_cast<long long>(q.before->posted_at));
    where += " AND alert_id < " + param(q.before->alert_id) + "))";
  }
  if (q.released_for) {
    const char* column = *q.released_for == "PREMIUM" ? "delay_premium_s"
                         : *q.released_for == "BASIC" ? "delay_basic_s"
                                                      : "delay_free_s";
    where += std::string(" AND posted_at + ") + column + " * 1000 <= " + param(static_cast<long long>(q.now));
  }
  const auto query = std::string("SELECT ") + kAlertColumns + " FROM alerts" + where +
                     " ORDER BY posted_at DESC, alert_id DESC LIMIT " + std::to_string(q.limit);
  std::vector<AlertRow> out;
  for_rows(sql, query, params, [&](const soci::row& r) { out.push_back(alert_of(r)); });
  return out;
}

std::vector<AlertEventRow> SociAlertStore::events_of(const std::vector<std::string>& ids) {
  std::vector<AlertEventRow> out;
  if (ids.empty()) return out;
  soci::session sql(db_.pool());
  SqlParams params;
  const auto q = std::string("SELECT ") + kEventColumns + " FROM alert_events WHERE alert_id IN (" +
                 in_list(ids, params) + ") ORDER BY alert_id, seq";
  for_rows(sql, q, params, [&](const soci::row& r) { out.push_back(event_of(r)); });
  return out;
}

std::optional<AlertEventRow> SociAlertStore::update_by_key(const std::string& alert_id, const std::string& key) {
  soci::session sql(db_.pool());
  soci::row r;
  sql << std::string("SELECT ") + kEventColumns + " FROM alert_events WHERE alert_id = :a AND idempotency_key = :k",
      soci::use(alert_id), soci::use(key), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return event_of(r);
}

std::vector<AlertEventRow> SociAlertStore::log(const std::string& streamer_id, int64_t after_seq, int limit) {
  soci::session sql(db_.pool());
  long long after = after_seq;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string("SELECT ") + kEventColumns +
                          " FROM alert_events WHERE streamer_id = :s AND seq > :after ORDER BY seq LIMIT " +
                          std::to_string(limit),
       soci::use(streamer_id), soci::use(after));
  std::vector<AlertEventRow> out;
  for (const auto& r : rs) out.push_back(event_of(r));
  return out;
}

std::vector<std::string> SociAlertStore::channels() {
  soci::session sql(db_.pool());
  soci::rowset<soci::row> rs = (sql.prepare << "SELECT streamer_id FROM alert_chain_locks ORDER BY streamer_id");
  std::vector<std::string> out;
  for (const auto& r : rs) out.push_back(row_str(r, 0));
  return out;
}

std::optional<AlertSettingsRow> SociAlertStore::settings(const std::string& streamer_id) {
  soci::session sql(db_.pool());
  soci::row r;
  sql << "SELECT streamer_id, version, disclaimer, delay_premium_s, delay_basic_s, delay_free_s, created_at FROM "
         "channel_alert_settings WHERE streamer_id = :s ORDER BY version DESC LIMIT 1",
      soci::use(streamer_id), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  AlertSettingsRow s;
  read_row(r, s.streamer_id, s.version, s.disclaimer, s.delay_premium_s, s.delay_basic_s, s.delay_free_s, s.created_at);
  return s;
}

AlertSettingsRow SociAlertStore::add_settings(const AlertSettingsRow& row) {
  soci::session sql(db_.pool());
  ensure_lock_row(sql, row.streamer_id);
  WriteTx tx(db_, sql);
  std::string locked;
  sql << std::string("SELECT streamer_id FROM alert_chain_locks WHERE streamer_id = :s") + tx.for_update(),
      soci::use(row.streamer_id), soci::into(locked);
  soci::row last;
  sql << "SELECT MAX(version) FROM channel_alert_settings WHERE streamer_id = :s", soci::use(row.streamer_id),
      soci::into(last);
  AlertSettingsRow out = row;
  out.version = row_opt_i64(last, 0).value_or(0) + 1;
  long long v = out.version, at = out.created_at;
  Nullable disclaimer(out.disclaimer);
  sql << "INSERT INTO channel_alert_settings (streamer_id, version, disclaimer, delay_premium_s, delay_basic_s, "
         "delay_free_s, created_at) VALUES (:s, :v, :d, :dp, :db, :df, :at)",
      soci::use(out.streamer_id), soci::use(v), disclaimer.use(), soci::use(out.delay_premium_s),
      soci::use(out.delay_basic_s), soci::use(out.delay_free_s), soci::use(at);
  tx.commit();
  return out;
}

}  // namespace tc::store
