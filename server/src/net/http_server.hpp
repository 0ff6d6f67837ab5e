#pragma once
// The HTTP/1.1 listener (Beast). One coroutine per connection on its own strand. Every read has a
// size limit and a deadline; every response carries X-Request-Id. Beast stays inside the .cpp.
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/metrics.hpp"
#include "net/router.hpp"

namespace tc::net {

struct HttpServerOptions {
  std::string host = "0.0.0.0";
  uint16_t port = 3200;
  size_t body_limit = 64 * 1024;          // per request unless the route says otherwise
  size_t header_limit = 16 * 1024;        // request line + headers
  size_t max_headers = 100;               // header fields of one request (431 beyond)
  std::chrono::seconds read_timeout{30};  // to receive a body / write a response
  // Slow clients: a request's head (request line + headers) must arrive within header_timeout of its
  // first byte; a keep-alive connection waiting for its next request is closed after idle_timeout.
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds idle_timeout{30'000};
  size_t max_connections = 50'000;        // beyond it new connections are closed at once
  std::vector<std::string> cors_origins;  // "*" for any
  // Spooled (upload) routes: bodies go to files here; each read must make progress within
  // read_timeout, the whole body within spool_deadline; at most max_spooling at once (503 beyond).
  std::string spool_dir = "/tmp";
  std::chrono::seconds spool_deadline{2 * 3600};
  size_t max_spooling = 8;
};

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& ioc, HttpServerOptions options, const Router& router,
             core::MetricsRegistry& metrics);
  ~HttpServer();

  // Binds and listens; returns the port (useful with port 0). Throws on failure.
  uint16_t listen();
  void start();
  // Graceful stop, step one: no new connections; idle keep-alive connections close now, busy
  // ones after their current response. Call from any thread.
  void stop_accepting();
  size_t open_connections() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace tc::net
