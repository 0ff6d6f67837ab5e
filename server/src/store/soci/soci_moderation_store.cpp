#include "store/soci/soci_store.hpp"

namespace tc::store {

std::vector<ModeratorRow> SociModerationStore::moderators(const std::string& streamer_id) {
  soci::session sql(db_.pool());
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT m.streamer_id, m.user_id, u.username, m.created_at FROM channel_moderators m "
                      "LEFT JOIN users u ON u.id = m.user_id WHERE m.streamer_id = :s ORDER BY m.created_at, m.user_id",
       soci::use(streamer_id));
  std::vector<ModeratorRow> out;
  for (const auto& r : rs) {
    auto& m = out.emplace_back();
    read_row(r, m.streamer_id, m.user_id, EmptyIfNull{m.username}, m.created_at);
  }
  return out;
}

AddModerator SociModerationStore::add_moderator(const ModeratorRow& row, int max) {
  soci::session sql(db_.pool());
  WriteTx tx(db_, sql);
  int exists = 0;
  sql << "SELECT COUNT(*) FROM channel_moderators WHERE streamer_id = :s AND user_id = :u", soci::use(row.streamer_id),
      soci::use(row.user_id), soci::into(exists);
  if (exists > 0) return AddModerator::exists;
  int count = 0;
  sql << "SELECT COUNT(*) FROM channel_moderators WHERE streamer_id = :s", soci::use(row.streamer_id),
      soci::into(count);
  if (count >= max) return AddModerator::full;
  long long at = row.created_at;
  sql << "INSERT INTO channel_moderators (streamer_id, user_id, created_at) VALUES (:s, :u, :at)",
      soci::use(row.streamer_id), soci::use(row.user_id), soci::use(at);
  tx.commit();
  return AddModerator::added;
}

bool SociModerationStore::remove_moderator(const std::string& streamer_id, const std::string& user_id) {
  soci::session sql(db_.pool());
  return affected_rows((sql.prepare << "DELETE FROM channel_moderators WHERE streamer_id = :s AND user_id = :u",
                        soci::use(streamer_id), soci::use(user_id))) > 0;
}

bool SociModerationStore::put_ban(const BanRow& row, int64_t now, int max) {
  soci::session sql(db_.pool());
  WriteTx tx(db_, sql);
  long long when = now;
  sql << "DELETE FROM channel_bans WHERE streamer_id = :s AND expires_at IS NOT NULL AND expires_at <= :now",
      soci::use(row.streamer_id), soci::use(when);
  int exists = 0;
  sql << "SELECT COUNT(*) FROM channel_bans WHERE streamer_id = :s AND user_id = :u", soci::use(row.streamer_id),
      soci::use(row.user_id), soci::into(exists);
  if (exists == 0) {
    int count = 0;
    sql << "SELECT COUNT(*) FROM channel_bans WHERE streamer_id = :s", soci::use(row.streamer_id), soci::into(count);
    if (count >= max) return false;
  }
  sql << "DELETE FROM channel_bans WHERE streamer_id = :s AND user_id = :u", soci::use(row.streamer_id),
      soci::use(row.user_id);
  Nullable expires(row.expires_at);
  long long created = row.created_at;
  sql << "INSERT INTO channel_bans (streamer_id, user_id, expires_at, created_by, created_at) VALUES (:s, :u, :e, "
         ":by, :at)",
      soci::use(row.streamer_id), soci::use(row.user_id), expires.use(), soci::use(row.created_by), soci::use(created);
  tx.commit();
  return true;
}

bool SociModerationStore::remove_ban(const std::string& streamer_id, const std::string& user_id) {
  soci::session sql(db_.pool());
  return affected_rows((sql.prepare << "DELETE FROM channel_bans WHERE streamer_id = :s AND user_id = :u",
                        soci::use(streamer_id), soci::use(user_id))) > 0;
}

std::vector<BanRow> SociModerationStore::bans(const std::string& streamer_id, int64_t now, int limit) {
  soci::session sql(db_.pool());
  long long when = now;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT b.streamer_id, b.user_id, u.username, b.expires_at, b.created_by, b.created_at FROM "
                      "channel_bans b LEFT JOIN users u ON u.id = b.user_id WHERE b.streamer_id = :s AND "
                      "(b.expires_at IS NULL OR b.expires_at > :now) ORDER BY b.created_at DESC, b.user_id LIMIT " +
                          std::to_string(limit),
       soci::use(streamer_id), soci::use(when));
  std::vector<BanRow> out;
  for (const auto& r : rs) {
    auto& b = out.emplace_back();
    read_row(r, b.streamer_id, b.user_id, EmptyIfNull{b.username}, b.expires_at, b.created_by, b.created_at);
  }
  return out;
}

std::optional<ChatModeRow> SociModerationStore::chat_mode(const std::string& streamer_id) {
  soci::session sql(db_.pool());
  soci::row r;
  sql << "SELECT streamer_id, slow_mode_seconds, followers_only, subscribers_only, emote_only, updated_at FROM "
         "channel_chat_settings WHERE streamer_id = :s",
      soci::use(streamer_id), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  ChatModeRow m;
  read_row(r, m.streamer_id, m.slow_mode_seconds, m.followers_only, m.subscribers_only, m.emote_only, m.updated_at);
  return m;
}

void SociModerationStore::set_chat_mode(const ChatModeRow& m) {
  soci::session sql(db_.pool());
  WriteTx tx(db_, sql);
  int slow = m.slow_mode_seconds, fo = m.followers_only, so = m.subscribers_only, eo = m.emote_only;
  long long at = m.updated_at;
  sql << "DELETE FROM channel_chat_settings WHERE streamer_id = :s", soci::use(m.streamer_id);
  sql << "INSERT INTO channel_chat_settings (streamer_id, slow_mode_seconds, followers_only, subscribers_only, "
         "emote_only, updated_at) VALUES (:s, :slow, :fo, :so, :eo, :at)",
      soci::use(m.streamer_id), soci::use(slow), soci::use(fo), soci::use(so), soci::use(eo), soci::use(at);
  tx.commit();
}

std::vector<std::string> SociModerationStore::blocked_terms(const std::string& streamer_id) {
  soci::session sql(db_.pool());
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT term FROM channel_blocked_terms WHERE streamer_id = :s ORDER BY term",
       soci::use(streamer_id));
  std::vector<std::string> out;
  for (const auto& r : rs) out.push_back(row_str(r, 0));
  return out;
}

void SociModerationStore::set_blocked_terms(const std::string& streamer_id, const std::vector<std::string>& terms,
                                            int64_t now) {
  soci::session sql(db_.pool());
  WriteTx tx(db_, sql);
  sql << "DELETE FROM channel_blocked_terms WHERE streamer_id = :s", soci::use(streamer_id);
  long long at = now;
  for (const auto& t : terms) {
    sql << "INSERT INTO channel_blocked_terms (streamer_id, term, created_at) VALUES (:s, :t, :at)",
        soci::use(streamer_id), soci::use(t), soci::use(at);
  }
  tx.commit();
}

}  // namespace tc::store
