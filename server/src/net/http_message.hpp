#pragma once
// HTTP request and response as the rest of the server sees them: plain values, no Beast types,
// so that handlers compile quickly and can be tested without sockets.
#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tc::net {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;  // upper case: GET, POST, …
  std::string target;  // as sent: path and query
  std::string path;    // percent-decoded path
  Fields query;        // percent-decoded query parameters, in order
  Fields headers;      // names lower case
  std::string body;
  std::string body_file;  // spooled routes: the body on disk (removed after the response); body is empty
  uint64_t body_size = 0;  // bytes in body_file
  std::string remote_ip;
  std::string request_id;
  Fields params;  // route parameters (":id" → value)

  const std::string* header(std::string_view lower_name) const;
  const std::string* query_param(std::string_view name) const;
  const std::string& param(std::string_view name) const;
};

struct FileRange {
  std::string path;
  std::string content_type;
  std::string cache_control = "no-cache";
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  Fields headers;
  std::optional<FileRange> file;  // when set, the server streams this file (Range-aware) instead of body

  static HttpResponse json(int status, std::string body);
  static HttpResponse text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  static HttpResponse send_file(FileRange file);
  // The API's error shape, {"error":{"code","message"}}, for replies made below the api layer.
  static HttpResponse error(int status, std::string_view code, std::string_view message);
  HttpResponse& with_header(std::string name, std::string value);
};

using HttpHandler = std::function<boost::asio::awaitable<HttpResponse>(HttpRequest&)>;

// Percent-decodes `s` ('+' as space when `form` is set). Returns nullopt on a bad escape.
std::optional<std::string> percent_decode(std::string_view s, bool form = false);

}  // namespace tc::net
