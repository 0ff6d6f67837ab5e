#pragma once
#include <chrono>
#include <memory>
#include <string>

#include "store/store.hpp"

namespace tc::store {

struct MariaDbTarget {
  std::string user, password, host = "127.0.0.1", database, socket;
  int port = 3306;
};

// Parses mysql://user:pass@host:port/db[?socket=/run/mysqld/mysqld.sock] (mariadb:// also accepted).
// Throws StoreError with what is wrong.
MariaDbTarget parse_mariadb_url(const std::string& url);

// SOCI connect string for `t`, optionally without the database (to create one). `io_timeout` (whole
// seconds, rounded up; 0: the client library's defaults) bounds connect, read and write.
std::string mariadb_connect_string(const MariaDbTarget& t, bool with_database = true,
                                   std::chrono::milliseconds io_timeout = {});

std::unique_ptr<Store> open_mariadb_store(const std::string& url, int pool_size,
                                          std::chrono::milliseconds io_timeout = {});

}  // namespace tc::store
