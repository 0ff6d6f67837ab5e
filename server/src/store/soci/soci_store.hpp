#pragma once
// The Store over SOCI. SQL here is portable between SQLite 3.40 and MariaDB 10.11; where they
// differ, SociDb says how (write locks, migrations).
#include <memory>

#include "store/soci/soci_db.hpp"
#include "store/store.hpp"

namespace tc::store {

class SociUserStore final : public UserStore {
 public:
  explicit SociUserStore(SociDb& db) : db_(db) {}
  bool insert(const UserRow& user) override;
  std::optional<UserRow> by_id(const std::string& id) override;
  std::optional<UserRow> by_username_key(const std::string& username_key) override;

 private:
  std::optional<UserRow> one(const char* where, const std::string& value);
  SociDb& db_;  // borrowed, owned by SociStore
};

class SociStreamStore final : public StreamStore {
 public:
  explicit SociStreamStore(SociDb& db) : db_(db) {}
  bool insert_if_under_live_limit(const StreamRow& stream, int max_live) override;
  std::optional<StreamRow> get(const std::string& stream_id) override;
  bool end(const std::string& stream_id, int64_t ended_at, int duration_seconds) override;
  std::vector<StreamRow> list(const StreamQuery& query) override;

 private:
  SociDb& db_;  // borrowed, owned by SociStore
};

class SociStore final : public Store {
 public:
  explicit SociStore(std::unique_ptr<SociDb> db)
      : db_(std::move(db)), users_(*db_), streams_(*db_) {}

  UserStore& users() override { return users_; }
  StreamStore& streams() override { return streams_; }
  void migrate() override { db_->migrate(); }
  int schema_version() override { return db_->schema_version(); }
  bool ping() noexcept override { return db_->ping(); }
  std::string dialect() const override { return db_->dialect_name(); }

 private:
  std::unique_ptr<SociDb> db_;  // owned
  SociUserStore users_;
  SociStreamStore streams_;
};

}  // namespace tc::store
