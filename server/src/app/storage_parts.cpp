#include "app/storage_parts.hpp"

#include "blob/blob_factory.hpp"
#include "core/logging.hpp"

namespace tc::app {

StorageParts::StorageParts(const core::Config& cfg)
    : store(store::open_store(cfg.db, cfg.data_dir, cfg.db_pool_size)) {
  store->migrate();
  blobs = blob::open_blob_store(cfg);
  core::logger("app")->info("msg=\"blob store\" kind={}", blobs->kind());
}

}  // namespace tc::app
