#include "store/soci/soci_store.hpp"

namespace tc::store {

void SociChatStore::insert_batch(const std::vector<MessageRow>& messages) {
  if (messages.empty()) return;
  soci::session sql(db_.pool());
  WriteTx tx(db_, sql);
  for (const auto& m : messages) {
    long long created = m.created_at;
    long long tip = m.tip_amount_cents.value_or(0);
    soci::indicator tip_ind = m.tip_amount_cents ? soci::i_ok : soci::i_null;
    sql << "INSERT INTO stream_messages (message_id, stream_id, user_id, username, message, message_type, "
           "tip_amount_cents, created_at) VALUES (:id, :stream, :user, :name, :msg, :type, :tip, :created)",
        soci::use(m.message_id), soci::use(m.stream_id), soci::use(m.user_id), soci::use(m.username),
        soci::use(m.message), soci::use(m.message_type), soci::use(tip, tip_ind), soci::use(created);
  }
  tx.commit();
}

std::vector<MessageRow> SociChatStore::latest(const std::string& stream_id, int limit,
                                              const std::optional<MessageCursor>& before) {
  soci::session sql(db_.pool());
  std::string q =
      "SELECT message_id, stream_id, user_id, username, message, message_type, tip_amount_cents, created_at "
      "FROM stream_messages WHERE stream_id = :stream";
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
    m.message_id = row_str(r, 0);
    m.stream_id = row_str(r, 1);
    m.user_id = row_str(r, 2);
    m.username = row_str(r, 3);
    m.message = row_str(r, 4);
    m.message_type = row_str(r, 5);
    m.tip_amount_cents = row_opt_i64(r, 6);
    m.created_at = row_i64(r, 7);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace tc::store
