#pragma once
// The Engine.IO v4 server: handshakes, the session registry, long-polling and WebSocket transports
// and the upgrade between them. Knows nothing of Socket.IO: the layer above creates one
// SessionHandler per session through the factory.
#include <boost/asio/io_context.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "core/rate_limiter.hpp"
#include "net/router.hpp"
#include "realtime/engineio/options.hpp"
#include "realtime/engineio/session.hpp"

namespace tc::realtime::engineio {

using HandlerFactory = std::function<std::shared_ptr<SessionHandler>(const std::shared_ptr<Session>&)>;

class Server {
 public:
  Server(boost::asio::io_context& ioc, Options options, const core::Clock& clock, core::MetricsRegistry& metrics,
         HandlerFactory factory);
  ~Server();

  // Adds GET/POST `options.path` (long-polling) and the WebSocket route at the same path.
  void install(net::Router& router);
  // Closes every session (with a close packet); new handshakes are refused from now on.
  void shutdown();
  size_t session_count() const;
  const Options& options() const { return options_; }

  // ---- for Session
  void remove(const Session& session);
  void count_dropped() { dropped_.inc(); }
  void count_slow() { slow_.inc(); }

 private:
  boost::asio::awaitable<net::HttpResponse> handle_polling(net::HttpRequest& req);
  // Header time of a polling POST: takes the session's POST slot, or refuses an overlapping POST.
  net::BodyWatch watch_post(const net::HttpRequest& req);
  std::optional<net::HttpResponse> check_websocket(const net::HttpRequest& req);
  void open_websocket(std::shared_ptr<net::WebSocket> ws, const net::HttpRequest& req);
  // Validates EIO/transport and the admission limits; fills `error` when refused.
  std::optional<net::HttpResponse> check_request(const net::HttpRequest& req, bool websocket);
  std::optional<net::HttpResponse> admit(const std::string& ip);
  // 403 when `req` presents other credentials than `session`'s handshake did.
  std::optional<net::HttpResponse> check_credentials(const Session& session, const net::HttpRequest& req);
  std::shared_ptr<Session> create(const net::HttpRequest& req, const Strand& strand);
  std::shared_ptr<Session> find(const std::string& sid) const;

  boost::asio::io_context& ioc_;
  const Options options_;
  HandlerFactory factory_;
  core::RateLimiter handshake_limiter_;
  core::Gauge& sessions_gauge_;
  core::Counter& refused_;
  core::Counter& dropped_;
  core::Counter& slow_;
  core::Counter& refused_credentials_;

  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Session>> sessions_;  // guarded by mutex_
  std::unordered_map<std::string, size_t> per_ip_;                      // guarded by mutex_
  bool shutting_down_ = false;                                          // guarded by mutex_
};

// The error bodies Engine.IO clients know: {"code":N,"message":…}.
net::HttpResponse protocol_error(int status, int eio_code, std::string_view message);

}  // namespace tc::realtime::engineio
