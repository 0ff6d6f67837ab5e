#include <filesystem>

#include "store/mariadb/mariadb_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"

namespace tc::store {

std::unique_ptr<Store> open_store(const std::string& url, const std::string& data_dir, int pool_size,
                                  std::chrono::milliseconds io_timeout) {
  if (url.empty()) return open_sqlite_store((std::filesystem::path(data_dir) / "tradecast.db").string(), pool_size);
  if (url.starts_with("sqlite:")) return open_sqlite_store(url.substr(7), pool_size);
  if (url.starts_with("mysql://") || url.starts_with("mariadb://"))
    return open_mariadb_store(url, pool_size, io_timeout);
  throw StoreError("unknown database URL '" + url + "' (use sqlite:PATH or mysql://user:pass@host:port/db)");
}

}  // namespace tc::store
