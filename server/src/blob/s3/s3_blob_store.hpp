#pragma once
// Blobs in an S3-compatible bucket (AWS S3, MinIO, s3rver in tests) over libcurl, path-style URLs
// (endpoint/bucket/key), requests signed by curl's CURLOPT_AWS_SIGV4. Objects larger than one part
// go up as a multipart upload (aborted on any failure, so no orphaned parts are billed); smaller
// ones in one PUT. Each part is read into memory once to hash it (x-amz-content-sha256), so a put
// holds at most `part_size` bytes. Browsers get presigned GET URLs (see presigned_get_url).
//
// Threads: blocking; call from the blob BlockingPool. Each pool thread keeps one curl handle, so
// connections to the endpoint are reused.
#include <cstdint>
#include <string>

#include "blob/blob_store.hpp"

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

  struct Request;  // one HTTP exchange (s3_blob_store.cpp)
  struct Response;

 private:
  core::Status put_single(const std::string& key, const std::string& body, const std::string& content_type);
  core::Status put_multipart(const std::string& key, int fd, uint64_t offset, uint64_t length,
                             const std::string& content_type);
  Response perform(const Request& req) const;
  S3Options opt_;
};

}  // namespace tc::blob
