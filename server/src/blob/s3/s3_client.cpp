#include "blob/s3/s3_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <mutex>

#include "blob/s3/sigv4.hpp"
#include "core/text.hpp"

namespace tc::blob::s3 {
namespace {

constexpr size_t kMaxBufferedBody = 1 << 20;  // XML replies and error bodies; objects go to a sink
constexpr size_t kMaxHeaders = 100;

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

struct ReadState {
  const std::string* body;
  size_t pos = 0;
};

size_t read_body(char* buf, size_t size, size_t n, void* ud) {
  auto* s = static_cast<ReadState*>(ud);
  if (!s->body) return 0;
  const size_t amount = std::min(size * n, s->body->size() - s->pos);
  std::copy_n(s->body->data() + s->pos, amount, buf);
  s->pos += amount;
  return amount;
}

struct WriteState {
  CURL* h;
  Response* res;
  const Sink* sink;
};

size_t write_body(char* data, size_t size, size_t n, void* ud) {
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
}

size_t read_header(char* data, size_t size, size_t n, void* ud) {
  auto* r = static_cast<Response*>(ud);
  std::string_view line(data, size * n);
  if (line.starts_with("HTTP/")) {
    r->headers.clear();  // a new response (after a 100 Continue, say)
  } else if (auto colon = line.find(':'); colon != std::string_view::npos && r->headers.size() < kMaxHeaders) {
    r->headers[core::to_lower_ascii(line.substr(0, colon))] = std::string(core::trim(line.substr(colon + 1)));
  }
  return size * n;
}

// The method's body handling; the buffers stay owned by the caller for the transfer.
void set_method(CURL* h, const Request& req, ReadState& rs) {
  if (req.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (req.method == "PUT") {
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(req.body ? req.body->size() : 0));
    curl_easy_setopt(h, CURLOPT_READDATA, &rs);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, &read_body);
  } else if (req.method == "POST") {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body ? req.body->data() : "");
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body ? req.body->size() : 0));
  } else if (req.method != "GET") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  }
}

}  // namespace

const std::string& Response::header(const std::string& name) const {
  static const std::string empty;
  auto it = headers.find(name);
  return it == headers.end() ? empty : it->second;
}

core::Error Response::error(const std::string& what) const {
  if (status == 404) return core::Error::not_found("not_found", "No such object");
  if (status == 416) return {core::ErrorKind::invalid, "range_not_satisfiable", "Range outside the object"};
  if (status == 0) return {core::ErrorKind::unavailable, "blob_unavailable", what + ": " + curl_error};
  const auto code = xml_value(body, "Code");
  return {core::ErrorKind::unavailable, "blob_unavailable",
          what + ": HTTP " + std::to_string(status) + (code.empty() ? "" : " " + code)};
}

std::string xml_value(const std::string& xml, const std::string& tag, size_t* from) {
  const auto open = "<" + tag + ">", close = "</" + tag + ">";
  const auto a = xml.find(open, from ? *from : 0);
  if (a == std::string::npos) return {};
  const auto b = xml.find(close, a + open.size());
  if (b == std::string::npos) return {};
  if (from) *from = b + close.size();
  return xml.substr(a + open.size(), b - a - open.size());
}

Client::Client(Endpoint endpoint) : ep_(std::move(endpoint)) { global_init(); }

Response Client::perform(const Request& req) const {
  Response res;
  CURL* h = thread_handle();
  std::string url = ep_.url + "/" + sigv4::uri_encode(ep_.bucket, false);
  if (!req.key.empty()) url += "/" + sigv4::uri_encode(req.key, true);
  // curl signs the query as given: it must already be sorted and encoded (NOTES-libraries.md).
  if (!req.query.empty()) url += "?" + sigv4::canonical_query(req.query);
  const auto sigv4_param = "aws:amz:" + ep_.region + ":s3";

  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_AWS_SIGV4, sigv4_param.c_str());
  curl_easy_setopt(h, CURLOPT_USERNAME, ep_.access_key.c_str());
  curl_easy_setopt(h, CURLOPT_PASSWORD, ep_.secret_key.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, ep_.connect_timeout_s);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, ep_.stall_timeout_s);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");

  curl_slist* hdrs = nullptr;
  const std::string payload_hash = req.body ? sigv4::sha256_hex(*req.body) : sigv4::sha256_hex("");
  hdrs = curl_slist_append(hdrs, ("x-amz-content-sha256: " + payload_hash).c_str());
  // No "Expect:" removal header here: curl 7.88's signer would sign an empty `expect` header the
  // server never sees (SignatureDoesNotMatch). curl's own Expect: 100-continue is added after
  // signing and S3 answers it.
  for (const auto& hd : req.headers) hdrs = curl_slist_append(hdrs, hd.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);

  ReadState rs{req.body};
  set_method(h, req, rs);
  WriteState ws{h, &res, req.sink};
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &ws);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &write_body);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &res);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &read_header);

  const CURLcode rc = curl_easy_perform(h);
  curl_slist_free_all(hdrs);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &res.status);
  if (rc != CURLE_OK && !res.sink_stopped) {
    res.curl_error = curl_easy_strerror(rc);
    res.status = 0;
  }
  return res;
}

}  // namespace tc::blob::s3
