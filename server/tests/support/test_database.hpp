#pragma once
// A throw-away database of one dialect for the store contract suites: a SQLite file in a fresh temp
// dir, or a new database on the MariaDB server TC_TEST_MYSQL_URL names (its user may create
// databases), dropped again when the object goes away. TC_REQUIRE_MARIADB=1 makes a missing URL a
// failure instead of a skip, so CI cannot pass with MariaDB silently left out.
#include <soci/soci.h>

#include <memory>
#include <optional>
#include <string>

#include "support/temp_dir.hpp"

namespace tc::test {

// Why `dialect` ("sqlite" or "mariadb") cannot run here, or nothing when it can.
std::optional<std::string> database_missing(const std::string& dialect);
// True when a missing database must fail the test rather than skip it.
bool database_required();

class TestDatabase {
 public:
  // `prefix` names the MariaDB database (prefix + random hex), so a leftover shows which suite made it.
  TestDatabase(const std::string& dialect, const std::string& prefix);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // What open_store() takes: the URL ("" for SQLite) and the data dir ("" for MariaDB).
  const std::string& url() const { return url_; }
  std::string data_dir() const { return dir_ ? dir_->path() : std::string(); }
  // A SOCI session of its own on the same database, for tests that look under the Store.
  std::unique_ptr<soci::session> raw_session() const;

 private:
  std::unique_ptr<TempDir> dir_;
  std::unique_ptr<soci::session> admin_;
  std::string database_;
  std::string url_;
  std::string raw_connect_;
  bool mariadb_ = false;
};

}  // namespace tc::test
