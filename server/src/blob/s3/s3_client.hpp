#pragma once
// One HTTP exchange with an S3-compatible endpoint over libcurl: path-style URL
// (endpoint/bucket/key), signed by curl's CURLOPT_AWS_SIGV4, the payload hash sent as
// x-amz-content-sha256. Small replies (XML, error bodies) are buffered; object bodies go to a sink.
//
// Threads: blocking; call from the blob BlockingPool. Each calling thread keeps one curl handle, so
// connections to the endpoint are reused.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "blob/blob_store.hpp"
#include "core/error.hpp"

namespace tc::blob::s3 {

struct Endpoint {
  std::string url;  // "http://127.0.0.1:4569", no trailing '/'
  std::string bucket;
  std::string region = "us-east-1";
  std::string access_key, secret_key;
  long connect_timeout_s = 10;
  long stall_timeout_s = 60;  // a transfer below 1 byte/s this long fails
};

struct Request {
  std::string method = "GET";
  std::string key;  // empty: the bucket itself
  std::vector<std::pair<std::string, std::string>> query;
  std::vector<std::string> headers;
  const std::string* body = nullptr;  // PUT/POST payload (borrowed)
  const Sink* sink = nullptr;         // 2xx response bodies go here instead of Response::body
};

struct Response {
  long status = 0;
  std::string curl_error;                      // transport failure; status 0
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  bool sink_stopped = false;

  const std::string& header(const std::string& name) const;
  bool ok() const { return status >= 200 && status < 300; }
  // not_found (404), range_not_satisfiable (416), else blob_unavailable naming `what` and S3's Code.
  core::Error error(const std::string& what) const;
};

// Text between <tag> and </tag>, first occurrence at or after *from (advanced past it).
std::string xml_value(const std::string& xml, const std::string& tag, size_t* from = nullptr);

class Client {
 public:
  explicit Client(Endpoint endpoint);
  Response perform(const Request& req) const;

 private:
  Endpoint ep_;
};

}  // namespace tc::blob::s3
