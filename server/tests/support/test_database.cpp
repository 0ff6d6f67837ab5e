#include "support/test_database.hpp"

#include <soci/mysql/soci-mysql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <cstdlib>

#include "core/ids.hpp"
#include "store/mariadb/mariadb_store.hpp"

namespace tc::test {
namespace {

const char* mysql_url() {
  const char* url = std::getenv("TC_TEST_MYSQL_URL");
  return url && *url ? url : nullptr;
}

}  // namespace

std::optional<std::string> database_missing(const std::string& dialect) {
  if (dialect == "sqlite" || mysql_url()) return std::nullopt;
  return "set TC_TEST_MYSQL_URL=mysql://user:pass@127.0.0.1:3306/x to run on MariaDB";
}

bool database_required() {
  const char* req = std::getenv("TC_REQUIRE_MARIADB");
  return req && std::string(req) == "1";
}

TestDatabase::TestDatabase(const std::string& dialect, const std::string& prefix) {
  if (dialect == "sqlite") {
    dir_ = std::make_unique<TempDir>();
    raw_connect_ = "db=\"" + dir_->path() + "/tradecast.db\" timeout=10";
    return;
  }
  mariadb_ = true;
  auto target = store::parse_mariadb_url(mysql_url());
  target.database = prefix + core::random_hex(6);
  admin_ = std::make_unique<soci::session>(soci::mysql, store::mariadb_connect_string(target, false));
  *admin_ << "CREATE DATABASE " + target.database + " CHARACTER SET utf8mb4";
  database_ = target.database;
  url_ = "mysql://" + target.user + ":" + target.password + "@" + target.host + ":" + std::to_string(target.port) +
         "/" + target.database;
  raw_connect_ = store::mariadb_connect_string(target, true);
}

TestDatabase::~TestDatabase() {
  if (admin_ && !database_.empty()) *admin_ << "DROP DATABASE " + database_;
}

std::unique_ptr<soci::session> TestDatabase::raw_session() const {
  return mariadb_ ? std::make_unique<soci::session>(soci::mysql, raw_connect_)
                  : std::make_unique<soci::session>(soci::sqlite3, raw_connect_);
}

}  // namespace tc::test
