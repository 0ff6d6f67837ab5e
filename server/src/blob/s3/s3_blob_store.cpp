#include "blob/s3/s3_blob_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>

#include "blob/s3/s3_upload.hpp"
#include "blob/s3/sigv4.hpp"

namespace tc::blob {
namespace {

std::string without_trailing_slashes(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

S3Options normalized(S3Options o) {
  o.endpoint = without_trailing_slashes(std::move(o.endpoint));
  o.public_endpoint = without_trailing_slashes(std::move(o.public_endpoint));
  if (o.public_endpoint.empty()) o.public_endpoint = o.endpoint;
  return o;
}

s3::Endpoint endpoint_of(const S3Options& o) {
  return {o.endpoint, o.bucket, o.region, o.access_key, o.secret_key, o.connect_timeout_s, o.stall_timeout_s};
}

}  // namespace

S3BlobStore::S3BlobStore(S3Options options) : opt_(normalized(std::move(options))), client_(endpoint_of(opt_)) {}

core::Status S3BlobStore::put_file(const std::string& key, const FileSlice& src, const std::string& content_type) {
  if (!valid_key(key)) return core::Error::invalid("invalid_key", "Invalid blob key");
  const int fd = ::open(src.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return core::Error{core::ErrorKind::internal, "source_unreadable", "open " + src.path};
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || static_cast<uint64_t>(st.st_size) < src.offset) {
    return core::Error{core::ErrorKind::internal, "source_unreadable", "stat " + src.path};
  }
  const uint64_t avail = static_cast<uint64_t>(st.st_size) - src.offset;
  const uint64_t length = src.length ? std::min(*src.length, avail) : avail;
  return s3::put_object(client_, key, {fd, src.offset, length, src.path}, opt_.part_size, content_type);
}

core::Result<BlobInfo> S3BlobStore::head(const std::string& key) {
  if (!valid_key(key)) return core::Error::invalid("invalid_key", "Invalid blob key");
  s3::Request req;
  req.method = "HEAD";
  req.key = key;
  auto res = client_.perform(req);
  if (!res.ok()) return res.error("head " + key);
  BlobInfo info;
  info.size = std::strtoull(res.header("content-length").c_str(), nullptr, 10);
  info.content_type = res.header("content-type");
  return info;
}

core::Result<GetResult> S3BlobStore::get(const std::string& key, std::optional<ByteRange> range, const Sink& sink) {
  if (!valid_key(key)) return core::Error::invalid("invalid_key", "Invalid blob key");
  s3::Request req;
  req.key = key;
  req.sink = &sink;
  if (range) req.headers.push_back("Range: bytes=" + std::to_string(range->first) + "-" + std::to_string(range->last));
  auto res = client_.perform(req);
  if (res.sink_stopped) return core::Error{core::ErrorKind::internal, "aborted", "reader stopped"};
  if (!res.ok()) return res.error("get " + key);
  GetResult r;
  r.content_type = res.header("content-type");
  const auto length = std::strtoull(res.header("content-length").c_str(), nullptr, 10);
  const auto& cr = res.header("content-range");  // "bytes a-b/total"
  if (res.status == 206 && cr.starts_with("bytes ")) {
    r.first = std::strtoull(cr.c_str() + 6, nullptr, 10);
    const auto dash = cr.find('-'), slash = cr.find('/');
    r.last = dash == std::string::npos ? 0 : std::strtoull(cr.c_str() + dash + 1, nullptr, 10);
    r.total_size = slash == std::string::npos ? 0 : std::strtoull(cr.c_str() + slash + 1, nullptr, 10);
  } else {
    r.total_size = length;
    r.first = 0;
    r.last = length == 0 ? 0 : length - 1;
    if (length == 0) r.first = 1;
  }
  return r;
}

core::Status S3BlobStore::remove(const std::string& key) {
  if (!valid_key(key)) return core::Error::invalid("invalid_key", "Invalid blob key");
  s3::Request req;
  req.method = "DELETE";
  req.key = key;
  auto res = client_.perform(req);
  if (!res.ok() && res.status != 404) return res.error("delete " + key);
  return core::ok_status();
}

core::Result<std::vector<std::string>> S3BlobStore::list(const std::string& prefix, size_t limit) {
  s3::Request req;
  // One page of up to 1,000 keys, cut to `limit` here: s3rver 4.0.4 answers 500 to a truncated
  // ListObjectsV2 page (max-keys below the number of keys), and list() only serves small prefixes.
  req.query = {{"list-type", "2"}, {"prefix", prefix}, {"max-keys", "1000"}};
  auto res = client_.perform(req);
  if (!res.ok()) return res.error("list " + prefix);
  std::vector<std::string> keys;
  size_t pos = 0;
  for (;;) {
    auto k = s3::xml_value(res.body, "Key", &pos);
    if (k.empty()) break;
    keys.push_back(std::move(k));  // our keys have no characters XML would escape
  }
  std::sort(keys.begin(), keys.end());
  if (keys.size() > limit) keys.resize(limit);
  return keys;
}

std::optional<std::string> S3BlobStore::presigned_get_url(const std::string& key) const {
  if (!valid_key(key)) return std::nullopt;
  sigv4::PresignInput in;
  auto host = opt_.public_endpoint;
  const auto scheme_end = host.find("://");
  if (scheme_end != std::string::npos) host = host.substr(scheme_end + 3);
  in.host = host.substr(0, host.find('/'));
  in.path = "/" + opt_.bucket + "/" + key;
  in.region = opt_.region;
  in.access_key = opt_.access_key;
  in.secret_key = opt_.secret_key;
  in.now = std::time(nullptr);
  in.expires_s = opt_.url_ttl_s;
  const auto p = sigv4::presign(in);
  return opt_.public_endpoint + sigv4::uri_encode(in.path, true) + "?" + p.query;
}

}  // namespace tc::blob
