#include "store/soci/soci_store.hpp"

namespace tc::store {

namespace {

void insert_row(soci::session& sql, const UserRow& u) {
  Nullable hash(u.password_hash);
  long long created = u.created_at;
  sql << "INSERT INTO users (id, username, username_key, password_hash, origin, created_at) "
         "VALUES (:id, :username, :key, :hash, :origin, :created)",
      soci::use(u.id), soci::use(u.username), soci::use(u.username_key), hash.use(), soci::use(u.origin),
      soci::use(created);
}

UserRow from_row(const soci::row& r) {
  UserRow u;
  read_row(r, u.id, u.username, u.username_key, u.password_hash, u.origin, u.created_at);
  return u;
}

}  // namespace

bool SociUserStore::insert(const UserRow& u) {
  soci::session sql(db_.pool());
  try {
    insert_row(sql, u);
  } catch (const soci::soci_error& e) {
    if (is_unique_violation(e)) return false;
    throw;
  }
  return true;
}

std::optional<UserRow> SociUserStore::one(const char* where, const std::string& value) {
  soci::session sql(db_.pool());
  soci::row r;
  sql << std::string("SELECT id, username, username_key, password_hash, origin, created_at FROM users WHERE ") + where,
      soci::use(value), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return from_row(r);
}

std::optional<UserRow> SociUserStore::by_id(const std::string& id) { return one("id = :v", id); }

std::optional<UserRow> SociUserStore::by_username_key(const std::string& key) { return one("username_key = :v", key); }

std::optional<UserRow> SociUserStore::by_external(const std::string& issuer, const std::string& subject) {
  soci::session sql(db_.pool());
  soci::row r;
  sql << "SELECT u.id, u.username, u.username_key, u.password_hash, u.origin, u.created_at FROM external_identities x "
         "JOIN users u ON u.id = x.user_id WHERE x.issuer = :iss AND x.subject = :sub",
      soci::use(issuer), soci::use(subject), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return from_row(r);
}

bool SociUserStore::insert_external(const UserRow& u, const std::string& issuer, const std::string& subject) {
  soci::session sql(db_.pool());
  try {
    WriteTx tx(db_, sql);
    insert_row(sql, u);
    long long created = u.created_at;
    sql << "INSERT INTO external_identities (issuer, subject, user_id, created_at) VALUES (:iss, :sub, :uid, :at)",
        soci::use(issuer), soci::use(subject), soci::use(u.id), soci::use(created);
    tx.commit();
  } catch (const soci::soci_error& e) {
    if (is_unique_violation(e)) return false;
    throw;
  }
  return true;
}

}  // namespace tc::store
