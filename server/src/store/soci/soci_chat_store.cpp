#include "store/soci/soci_store.hpp"

namespace tc::store {

void SociChatStore::insert_batch(const std::vector<MessageRow>& messages) {
  if (messages.empty()) return;
  soci::session sql(db_.pool());
  WriteTx tx(db_, sql);
  for (const auto& m : messages) {
    long long created = m.created_at;
    Nullable tip(m.tip_amount_cents), deleted(m.deleted_at);
    Nullable alert(m.alert_id);
    sql << "INSERT INTO stream_messages (message_id, stream_id, user_id, username, message, message_type, "
           "tip_amount_cents, created_at, deleted_at, alert_id) VALUES (:id, :stream, :user, :name, :msg, :type, :tip, "
           ":created, :deleted, :alert)",
        soci::use(m.message_id), soci::use(m.stream_id), soci::use(m.user_id), soci::use(m.username),
        soci::use(m.message), soci::use(m.message_type), tip.use(), soci::use(created), deleted.use(), alert.use();
  }
  tx.commit();
}

bool SociChatStore::mark_deleted(const std::string& stream_id, const std::string& message_id, int64_t at) {
  soci::session sql(db_.pool());
  long long when = at;
  return affected_rows((sql.prepare << "UPDATE stream_messages SET deleted_at = :at WHERE stream_id = :stream AND "
                                       "message_id = :id AND deleted_at IS NULL",
                        soci::use(when), soci::use(stream_id), soci::use(message_id))) > 0;
}

std::vector<MessageRow> SociChatStore::latest(const std::string& stream_id, int limit,
                                              const std::optional<MessageCursor>& before) {
  soci::session sql(db_.pool());
  std::string q =
      "SELECT message_id, stream_id, user_id, username, message, message_type, tip_amount_cents, created_at, alert_id "
      "FROM stream_messages WHERE stream_id = :stream AND deleted_at IS NULL";
  long long before_at = before ? before->created_at : 0;
  const std::string before_id = before ? before->message_id : std::string();
  if (before) q += " AND (created_at < :at OR (created_at = :at2 AND message_id < :mid))";
  q += " ORDER BY created_at DESC, message_id DESC LIMIT " + std::to_string(limit);
  soci::rowset<soci::row> rs = before ? (sql.prepare << q, soci::use(stream_id), soci::use(before_at),
                                         soci::use(before_at), soci::use(before_id))
                                      : (sql.prepare << q, soci::use(stream_id));
  std::vector<MessageRow> out;
  for (const auto& r : rs) {
    MessageRow m;
    read_row(r, m.message_id, m.stream_id, m.user_id, m.username, m.message, m.message_type, m.tip_amount_cents,
             m.created_at, m.alert_id);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace tc::store
