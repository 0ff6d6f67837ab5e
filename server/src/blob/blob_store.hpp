#pragma once
// Where finished media (recordings, last thumbnails, uploaded recordings) lives: a key → bytes store
// with two implementations, local disk (the default, under the data dir) and any S3-compatible
// service. Keys are relative paths of [A-Za-z0-9._-] segments joined by '/', e.g.
// "<stream_id>/recording.mkv"; the same key names the same object in both stores.
//
// Threads: every method blocks (disk or network I/O): call them from a BlockingPool, never from an
// I/O thread. Implementations are thread-safe.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/byte_range.hpp"
#include "core/error.hpp"

namespace tc::blob {

// A byte range of a local file: the source of a put. length nullopt: to the end of the file.
struct FileSlice {
  std::string path;
  uint64_t offset = 0;
  std::optional<uint64_t> length;
};

struct BlobInfo {
  uint64_t size = 0;
  std::string content_type;
};

// Inclusive byte range, as in HTTP Range (one definition, shared with net's Range parser).
using ByteRange = core::ByteRange;

struct GetResult {
  uint64_t total_size = 0;       // size of the whole object
  uint64_t first = 0, last = 0;  // what was delivered (inclusive); last < first when empty
  std::string content_type;
};

// Receives object bytes in order; return false to stop (the get then fails with "aborted").
using Sink = std::function<bool(const char* data, size_t n)>;

class BlobStore {
 public:
  virtual ~BlobStore() = default;

  virtual std::string_view kind() const = 0;  // "local" | "s3"

  // Stores a copy of the slice under `key` (replacing any object there). The object appears whole
  // or not at all. Errors: invalid_key (400), source_unreadable, blob_write_failed (500/503).
  virtual core::Status put_file(const std::string& key, const FileSlice& src, const std::string& content_type) = 0;
  // Like put_file of the whole file, then the file is gone. The local store renames (no copy).
  virtual core::Status move_file(const std::string& key, const std::string& path, const std::string& content_type);
  // Errors: not_found (404).
  virtual core::Result<BlobInfo> head(const std::string& key) = 0;
  // Streams the object (or `range` of it) into `sink`. Errors: not_found, range_not_satisfiable.
  virtual core::Result<GetResult> get(const std::string& key, std::optional<ByteRange> range, const Sink& sink) = 0;
  // Deleting a missing key succeeds.
  virtual core::Status remove(const std::string& key) = 0;
  // Keys under `prefix`, sorted, at most `limit`.
  virtual core::Result<std::vector<std::string>> list(const std::string& prefix, size_t limit) = 0;

  // Local store: the file holding the key, when it exists (served directly with sendfile-like I/O).
  virtual std::optional<std::string> local_path(const std::string& key) const { return std::nullopt; }
  // S3 store: a time-limited URL anyone may GET (with Range) without credentials.
  virtual std::optional<std::string> presigned_get_url(const std::string& key) const { return std::nullopt; }
};

// True for keys of safe path segments ([A-Za-z0-9._-]+, not "." or "..") joined by '/', ≤ 512 chars.
bool valid_key(std::string_view key);

}  // namespace tc::blob
