#pragma once
// Blobs in an S3-compatible bucket (AWS S3, MinIO, s3rver in tests). The parts: s3_client (one
// signed HTTP exchange over libcurl, path-style URLs), s3_upload (one PUT, or a multipart upload
// above the part size), sigv4 (presigned GET URLs for browsers, which curl cannot make). This class
// maps the BlobStore calls onto them.
//
// Threads: blocking; call from the blob BlockingPool. Each pool thread keeps one curl handle, so
// connections to the endpoint are reused.
#include <cstdint>
#include <string>

#include "blob/blob_store.hpp"
#include "blob/s3/s3_client.hpp"

namespace tc::blob {

struct S3Options {
  std::string endpoint;         // "http://127.0.0.1:4569" or "https://s3.eu-west-1.amazonaws.com"
  std::string public_endpoint;  // what browsers reach for presigned URLs; empty: endpoint
  std::string bucket;
  std::string region = "us-east-1";
  std::string access_key, secret_key;
  uint64_t part_size = 16ull << 20;  // S3 wants ≥ 5 MiB for every part but the last
  int64_t url_ttl_s = 3600;          // lifetime of presigned GET URLs
  long connect_timeout_s = 10;
  long stall_timeout_s = 60;  // a transfer below 1 byte/s this long fails
};

class S3BlobStore final : public BlobStore {
 public:
  explicit S3BlobStore(S3Options options);

  std::string_view kind() const override { return "s3"; }
  core::Status put_file(const std::string& key, const FileSlice& src, const std::string& content_type) override;
  core::Result<BlobInfo> head(const std::string& key) override;
  core::Result<GetResult> get(const std::string& key, std::optional<ByteRange> range, const Sink& sink) override;
  core::Status remove(const std::string& key) override;
  core::Result<std::vector<std::string>> list(const std::string& prefix, size_t limit) override;
  std::optional<std::string> presigned_get_url(const std::string& key) const override;

 private:
  S3Options opt_;      // endpoints without a trailing '/'
  s3::Client client_;  // built from opt_ (declared after it)
};

}  // namespace tc::blob
