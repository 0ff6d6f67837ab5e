#include "store/sqlite/sqlite_store.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

#include <filesystem>

#include "store/soci/soci_store.hpp"

namespace tc::store {

std::unique_ptr<Store> open_sqlite_store(const std::string& path, int pool_size) {
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  const std::string connect = "db=\"" + path + "\" timeout=10";
  auto db = std::make_unique<SociDb>(Dialect::sqlite, static_cast<size_t>(pool_size), [&](soci::session& s) {
    s.open(soci::sqlite3, connect);
    s << "PRAGMA journal_mode = WAL";
    // NORMAL is durable against process crashes in WAL mode; money paths ask for FULL per transaction.
    s << "PRAGMA synchronous = NORMAL";
    s << "PRAGMA foreign_keys = ON";
    s << "PRAGMA busy_timeout = 10000";
  });
  return std::make_unique<SociStore>(std::move(db));
}

}  // namespace tc::store
