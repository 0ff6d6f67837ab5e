#pragma once
// How the server stops: a graceful drain on SIGINT/SIGTERM while the I/O threads still run, then
// the teardown once they are gone. The order of both is written down in shutdown.cpp.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <thread>
#include <vector>

#include "app/media_parts.hpp"
#include "app/realtime_parts.hpp"
#include "app/worker_pools.hpp"
#include "core/config.hpp"
#include "net/http_server.hpp"

namespace tc::app {

// Waits for SIGINT/SIGTERM on `ioc`: stops accepting, lets in-flight requests finish for at most
// --shutdown-timeout, then stops the io_context. A second signal stops it at once. The handlers run
// on an I/O thread; everything borrowed outlives the io_context's run.
class GracefulStop {
 public:
  GracefulStop(boost::asio::io_context& ioc, const core::Config& cfg, RealtimeParts& realtime, net::HttpServer& http);

 private:
  void on_signal(int sig);
  void wait_drained();

  boost::asio::io_context& ioc_;  // borrowed
  RealtimeParts& realtime_;       // borrowed
  net::HttpServer& http_;         // borrowed
  boost::asio::signal_set signals_;
  boost::asio::steady_timer drain_;
  std::chrono::steady_clock::time_point deadline_;
};

// After the I/O threads stopped: joins them and tears down media and the pools in order, then
// writes what the namespace still holds. Bounded by a watchdog (a stuck library call exits the process).
void teardown(const core::Config& cfg, std::vector<std::thread>& io_threads, WorkerPools& pools, MediaParts& media,
              RealtimeParts& realtime);

}  // namespace tc::app
