#pragma once
// Builds the configured blob store: local disk under data-dir/media (default) or S3.
#include <memory>

#include "blob/blob_store.hpp"
#include "core/config.hpp"

namespace tc::blob {

// Throws core::ConfigError when --blob-store s3 lacks its endpoint, bucket or credentials.
std::unique_ptr<BlobStore> open_blob_store(const core::Config& cfg);

}  // namespace tc::blob
