#include "app/storage_parts.hpp"

#include "blob/blob_factory.hpp"
#include "core/logging.hpp"

namespace tc::app {

namespace {
// Migrations may hold a lock or rewrite a table for longer than --db-timeout: they run first, on a
// connection of their own without the I/O timeout.
std::unique_ptr<store::Store> migrated_store(const core::Config& cfg) {
  store::open_store(cfg.db, cfg.data_dir, 1)->migrate();
  return store::open_store(cfg.db, cfg.data_dir, cfg.db_pool_size, std::chrono::milliseconds(cfg.db_timeout_ms));
}
}  // namespace

StorageParts::StorageParts(const core::Config& cfg) : store(migrated_store(cfg)) {
  blobs = blob::open_blob_store(cfg);
  core::logger("app")->info("msg=\"blob store\" kind={}", blobs->kind());
}

}  // namespace tc::app
