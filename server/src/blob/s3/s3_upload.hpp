#pragma once
// Putting one object: a single PUT up to the part size, a multipart upload above it (aborted on any
// failure, so no orphaned parts are billed). Each part is read into memory once to hash it
// (x-amz-content-sha256), so an upload holds at most one part's bytes.
//
// Threads: blocking; call from the blob BlockingPool (as s3::Client).
#include <cstdint>
#include <string>

#include "blob/s3/s3_client.hpp"
#include "core/error.hpp"

namespace tc::blob::s3 {

struct UploadSource {
  int fd = -1;  // borrowed, open for reading
  uint64_t offset = 0;
  uint64_t length = 0;
  std::string path;  // for error messages
};

// One PUT when `src.length <= part_size`, else parts of at least `part_size` (S3 wants ≥ 5 MiB for
// every part but the last), larger when needed to stay within S3's 10,000 parts.
core::Status put_object(const Client& client, const std::string& key, const UploadSource& src, uint64_t part_size,
                        const std::string& content_type);

}  // namespace tc::blob::s3
