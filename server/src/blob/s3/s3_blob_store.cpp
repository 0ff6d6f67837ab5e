#include "blob/s3/s3_blob_store.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <map>
#include <mutex>

#include "blob/s3/sigv4.hpp"
#include "core/logging.hpp"
#include "core/text.hpp"

namespace tc::blob {
namespace {

constexpr size_t kMaxBufferedBody = 1 << 20;  // XML replies and error bodies; objects go to a sink
constexpr int kMaxParts = 10'000;             // S3's limit per multipart upload

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return std::string(s);
}

// Text between <tag> and </tag>, first occurrence after `from`.
std::string xml_value(const std::string& xml, const std::string& tag, size_t* from = nullptr) {
  const auto open = "<" + tag + ">", close = "</" + tag + ">";
  const auto a = xml.find(open, from ? *from : 0);
  if (a == std::string::npos) return {};
  const auto b = xml.find(close, a + open.size());
  if (b == std::string::npos) return {};
  if (from) *from = b + close.size();
  return xml.substr(a + open.size(), b - a - open.size());
}

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// One handle per pool thread: curl keeps the connection to the endpoint alive between requests.
CURL* thread_handle() {
  struct Holder {
    CURL* h = nullptr;
    ~Holder() {
      if (h) curl_easy_cleanup(h);
    }
  };
  thread_local Holder holder;
  if (!holder.h) holder.h = curl_easy_init();
  curl_easy_reset(holder.h);
  return holder.h;
}

}  // namespace

struct S3BlobStore::Request {
  std::string method = "GET";
  std::string key;  // empty: the bucket itself
  std::vector<std::pair<std::string, std::string>> query;
  std::vector<std::string> headers;
  const std::string* body = nullptr;  // PUT/POST payload (borrowed)
  const Sink* sink = nullptr;         // 2xx response bodies go here instead of Response::body
};

struct S3BlobStore::Response {
  long status = 0;
  std::string curl_error;                      // transport failure; status 0
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  bool sink_stopped = false;

  const std::string& header(const std::string& name) const {
    static const std::string empty;
    auto it = headers.find(name);
    return it == headers.end() ? empty : it->second;
  }
  bool ok() const { return status >= 200 && status < 300; }
  core::Error error(const std::string& what) const {
    if (status == 404) return core::Error::not_found("not_found", "No such object");
    if (status == 416) return {core::ErrorKind::invalid, "range_not_satisfiable", "Range outside the object"};
    if (status == 0) return {core::ErrorKind::unavailable, "blob_unavailable", what + ": " + curl_error};
    const auto code = xml_value(body, "Code");
    return {core::ErrorKind::unavailable, "blob_unavailable",
            what + ": HTTP " + std::to_string(status) + (code.empty() ? "" : " " + code)};
  }
};

S3BlobStore::S3BlobStore(S3Options options) : opt_(std::move(options)) {
  while (!opt_.endpoint.empty() && opt_.endpoint.back() == '/') opt_.endpoint.pop_back();
  while (!opt_.public_endpoint.empty() && opt_.public_endpoint.back() == '/') opt_.public_endpoint.pop_back();
  if (opt_.public_endpoint.empty()) opt_.public_endpoint = opt_.endpoint;
  global_init();
}

S3BlobStore::Response S3BlobStore::perform(const Request& req) const {
  Response res;
  CURL* h = thread_handle();
  std::string url = opt_.endpoint + "/" + sigv4::uri_encode(opt_.bucket, false);
  if (!req.key.empty()) url += "/" + sigv4::uri_encode(req.key, true);
  // curl signs the query as given: it must already be sorted and encoded (NOTES-libraries.md).
  if (!req.query.empty()) url += "?" + sigv4::canonical_query(req.query);
  const auto sigv4_param = "aws:amz:" + opt_.region + ":s3";

  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_AWS_SIGV4, sigv4_param.c_str());
  curl_easy_setopt(h, CURLOPT_USERNAME, opt_.access_key.c_str());
  curl_easy_setopt(h, CURLOPT_PASSWORD, opt_.secret_key.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, opt_.connect_timeout_s);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, opt_.stall_timeout_s);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");

  curl_slist* hdrs = nullptr;
  const std::string payload_hash = req.body ? sigv4::sha256_hex(*req.body) : sigv4::sha256_hex("");
  hdrs = curl_slist_append(hdrs, ("x-amz-content-sha256: " + payload_hash).c_str());
  // No "Expect:" removal header here: curl 7.88's signer would sign an empty `expect` header the
  // server never sees (SignatureDoesNotMatch). curl's own Expect: 100-continue is added after
  // signing and S3 answers it.
  for (const auto& hd : req.headers) hdrs = curl_slist_append(hdrs, hd.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);

  struct ReadState {
    const std::string* body;
    size_t pos = 0;
  } rs{req.body};
  if (req.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (req.method == "PUT") {
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(req.body ? req.body->size() : 0));
    curl_easy_setopt(h, CURLOPT_READDATA, &rs);
    curl_easy_setopt(
        h, CURLOPT_READFUNCTION, +[](char* buf, size_t size, size_t n, void* ud) -> size_t {
          auto* s = static_cast<ReadState*>(ud);
          if (!s->body) return 0;
          const size_t amount = std::min(size * n, s->body->size() - s->pos);
          std::memcpy(buf, s->body->data() + s->pos, amount);
          s->pos += amount;
          return amount;
        });
  } else if (req.method == "POST") {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body ? req.body->data() : "");
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body ? req.body->size() : 0));
  } else if (req.method != "GET") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  }

  struct WriteState {
    CURL* h;
    Response* res;
    const Sink* sink;
  } ws{h, &res, req.sink};
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &ws);
  curl_easy_setopt(
      h, CURLOPT_WRITEFUNCTION, +[](char* data, size_t size, size_t n, void* ud) -> size_t {
        auto* w = static_cast<WriteState*>(ud);
        const size_t len = size * n;
        long status = 0;
        curl_easy_getinfo(w->h, CURLINFO_RESPONSE_CODE, &status);
        if (w->sink && status >= 200 && status < 300) {
          if (!(*w->sink)(data, len)) {
            w->res->sink_stopped = true;
            return 0;  // aborts the transfer
          }
          return len;
        }
        if (w->res->body.size() < kMaxBufferedBody)
          w->res->body.append(data, std::min(len, kMaxBufferedBody - w->res->body.size()));
        return len;
      });
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &res);
  curl_easy_setopt(
      h, CURLOPT_HEADERFUNCTION, +[](char* data, size_t size, size_t n, void* ud) -> size_t {
        auto* r = static_cast<Response*>(ud);
        std::string_view line(data, size * n);
        if (line.starts_with("HTTP/")) {
          r->headers.clear();  // a new response (after a 100 Continue, say)
        } else if (auto colon = line.find(':'); colon != std::string_view::npos && r->headers.size() < 100) {
          r->headers[core::to_lower_ascii(line.substr(0, colon))] = trim(line.substr(colon + 1));
        }
        return size * n;
      });

  const CURLcode rc = curl_easy_perform(h);
  curl_slist_free_all(hdrs);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &res.status);
  if (rc != CURLE_OK && !res.sink_stopped) {
    res.curl_error = curl_easy_strerror(rc);
    res.status = 0;
  }
  return res;
}

core::Status S3BlobStore::put_single(const std::string& key, const std::string& body, const std::string& content_type) {
  Request req;
  req.method = "PUT";
  req.key = key;
  req.body = &body;
  req.headers.push_back("Content-Type: " + content_type);
  auto res = perform(req);
  if (!res.ok()) return res.error("put " + key);
  return core::ok_status();
}

core::Status S3BlobStore::put_multipart(const std::string& key, int fd, uint64_t offset, uint64_t length,
                                        const std::string& content_type) {
  auto log = core::logger("blob.s3");
  Request create;
  create.method = "POST";
  create.key = key;
  create.query = {{"uploads", ""}};
  create.headers.push_back("Content-Type: " + content_type);
  auto created = perform(create);
  if (!created.ok()) return created.error("create multipart " + key);
  const auto upload_id = xml_value(created.body, "UploadId");
  if (upload_id.empty()) return core::Error{core::ErrorKind::unavailable, "blob_unavailable", "no UploadId"};

  auto abort = [&](core::Error e) -> core::Status {
    Request del;
    del.method = "DELETE";
    del.key = key;
    del.query = {{"uploadId", upload_id}};
    auto r = perform(del);
    if (!r.ok()) log->warn("msg=\"abort multipart failed\" key={} status={}", key, r.status);
    return e;
  };

  // Parts as large as needed to stay within S3's 10,000-part limit.
  const uint64_t part_size = std::max<uint64_t>(opt_.part_size, (length + kMaxParts - 1) / kMaxParts);
  std::vector<std::string> etags;
  std::string buf;
  for (uint64_t done = 0; done < length;) {
    const auto n = static_cast<size_t>(std::min<uint64_t>(part_size, length - done));
    buf.resize(n);
    for (size_t got = 0; got < n;) {
      const auto r = ::pread(fd, buf.data() + got, n - got, static_cast<off_t>(offset + done + got));
      if (r <= 0) return abort({core::ErrorKind::internal, "source_unreadable", "read failed"});
      got += static_cast<size_t>(r);
    }
    Request part;
    part.method = "PUT";
    part.key = key;
    part.query = {{"partNumber", std::to_string(etags.size() + 1)}, {"uploadId", upload_id}};
    part.body = &buf;
    auto r = perform(part);
    if (!r.ok()) return abort(r.error("upload part " + std::to_string(etags.size() + 1) + " of " + key));
    const auto& etag = r.header("etag");
    if (etag.empty()) return abort({core::ErrorKind::unavailable, "blob_unavailable", "part without ETag"});
    etags.push_back(etag);
    done += n;
  }
  buf.clear();
  buf.shrink_to_fit();

  std::string xml = "<CompleteMultipartUpload>";
  for (size_t i = 0; i < etags.size(); ++i) {
    xml +=
        "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" + xml_escape(etags[i]) + "</ETag></Part>";
  }
  xml += "</CompleteMultipartUpload>";
  Request complete;
  complete.method = "POST";
  complete.key = key;
  complete.query = {{"uploadId", upload_id}};
  complete.body = &xml;
  complete.headers.emplace_back("Content-Type: application/xml");
  auto done = perform(complete);
  // S3 may answer 200 and still report an error in the body.
  if (!done.ok() || done.body.find("<Error>") != std::string::npos) {
    return abort(done.ok() ? core::Error{core::ErrorKind::unavailable, "blob_unavailable",
                                         "complete multipart: " + xml_value(done.body, "Code")}
                           : done.error("complete multipart " + key));
  }
  log->info("msg=\"multipart upload complete\" key={} bytes={} parts={}", key, length, etags.size());
  return core::ok_status();
}

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
  if (length > opt_.part_size) return put_multipart(key, fd, src.offset, length, content_type);
  std::string body(static_cast<size_t>(length), '\0');
  for (size_t got = 0; got < body.size();) {
    const auto r = ::pread(fd, body.data() + got, body.size() - got, static_cast<off_t>(src.offset + got));
    if (r <= 0) return core::Error{core::ErrorKind::internal, "source_unreadable", "read " + src.path};
    got += static_cast<size_t>(r);
  }
  return put_single(key, body, content_type);
}

core::Result<BlobInfo> S3BlobStore::head(const std::string& key) {
  if (!valid_key(key)) return core::Error::invalid("invalid_key", "Invalid blob key");
  Request req;
  req.method = "HEAD";
  req.key = key;
  auto res = perform(req);
  if (!res.ok()) return res.error("head " + key);
  BlobInfo info;
  info.size = std::strtoull(res.header("content-length").c_str(), nullptr, 10);
  info.content_type = res.header("content-type");
  return info;
}

core::Result<GetResult> S3BlobStore::get(const std::string& key, std::optional<ByteRange> range, const Sink& sink) {
  if (!valid_key(key)) return core::Error::invalid("invalid_key", "Invalid blob key");
  Request req;
  req.key = key;
  req.sink = &sink;
  if (range) req.headers.push_back("Range: bytes=" + std::to_string(range->first) + "-" + std::to_string(range->last));
  auto res = perform(req);
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
  Request req;
  req.method = "DELETE";
  req.key = key;
  auto res = perform(req);
  if (!res.ok() && res.status != 404) return res.error("delete " + key);
  return core::ok_status();
}

core::Result<std::vector<std::string>> S3BlobStore::list(const std::string& prefix, size_t limit) {
  Request req;
  // One page of up to 1,000 keys, cut to `limit` here: s3rver 4.0.4 answers 500 to a truncated
  // ListObjectsV2 page (max-keys below the number of keys), and list() only serves small prefixes.
  req.query = {{"list-type", "2"}, {"prefix", prefix}, {"max-keys", "1000"}};
  auto res = perform(req);
  if (!res.ok()) return res.error("list " + prefix);
  std::vector<std::string> keys;
  size_t pos = 0;
  for (;;) {
    auto k = xml_value(res.body, "Key", &pos);
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
