#pragma once
// Wiring step 1 (app/server_app.cpp has the order): the database and the blob store. Built first so
// the process fails fast when the database is unreachable or its schema cannot be migrated.
#include <memory>

#include "blob/blob_store.hpp"
#include "core/config.hpp"
#include "store/store.hpp"

namespace tc::app {

struct StorageParts {
  // Migrates the database, opens the store with --db-timeout on every connection, then the blob
  // store (blocking; start-up thread).
  explicit StorageParts(const core::Config& cfg);

  std::unique_ptr<store::Store> store;     // owned; outlives every part built after it
  std::unique_ptr<blob::BlobStore> blobs;  // owned (recordings, final thumbnails, uploads)
};

}  // namespace tc::app
