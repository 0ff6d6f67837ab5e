#pragma once
#include <memory>
#include <string>

#include "store/store.hpp"

namespace tc::store {
// The embedded default: one SQLite file in WAL mode; readers do not block the writer.
std::unique_ptr<Store> open_sqlite_store(const std::string& path, int pool_size);
}  // namespace tc::store
