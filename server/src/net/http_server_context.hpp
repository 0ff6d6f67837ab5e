#pragma once
// Internal to net: what one HttpServer shares with all of its connections. The listener
// (http_server.cpp) owns it through a shared_ptr that every connection coroutine also holds, so it
// outlives the last connection. Members are read from every I/O thread: immutable after
// construction, or atomic, or guarded as noted.
#include <boost/asio/any_io_executor.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <atomic>
#include <list>
#include <memory>
#include <mutex>

#include "core/logging.hpp"
#include "core/metrics.hpp"
#include "net/cors.hpp"
#include "net/http_server.hpp"
#include "net/router.hpp"

namespace tc::net {

// The part of a connection the listener reaches from outside the connection's strand (shutdown).
struct ConnectionHandle {
  boost::beast::tcp_stream* stream = nullptr;  // valid while set; touched only on `executor`
  boost::asio::any_io_executor executor;
  std::atomic<bool> busy{false};  // between a request's header and its response
};

// The open connections, so that a graceful stop can reach the idle ones. Any thread.
class ConnectionRegistry {
 public:
  void add(const std::shared_ptr<ConnectionHandle>& c);
  void remove(const std::shared_ptr<ConnectionHandle>& c);
  // Calls `f` with each live connection, under the registry's lock (post, don't block, in `f`).
  template <class F>
  void for_each(F&& f) {
    std::lock_guard lock(mutex_);
    for (auto& w : conns_) {
      if (auto c = w.lock()) f(c);
    }
  }

 private:
  std::mutex mutex_;
  std::list<std::weak_ptr<ConnectionHandle>> conns_;  // guarded by mutex_
};

struct HttpServerContext {
  HttpServerContext(HttpServerOptions o, const Router& r, core::MetricsRegistry& m)
      : opts(std::move(o)),
        router(r),
        metrics(m),
        log(core::logger("net.http")),
        cors(opts.cors_origins),
        open_gauge(m.gauge("tradecast_http_open_connections", "Open HTTP connections")) {}

  const HttpServerOptions opts;
  const Router& router;  // borrowed, outlives the server
  core::MetricsRegistry& metrics;
  std::shared_ptr<spdlog::logger> log;
  const CorsPolicy cors;
  core::Gauge& open_gauge;
  std::atomic<bool> stopping{false};  // stop_accepting() was called
  std::atomic<size_t> open{0};        // connections now
  std::atomic<size_t> spooling{0};    // uploads being spooled now (≤ opts.max_spooling)
  ConnectionRegistry connections;
};

}  // namespace tc::net
