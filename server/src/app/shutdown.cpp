#include "app/shutdown.hpp"

#include <algorithm>

#include "app/shutdown_watchdog.hpp"
#include "core/logging.hpp"

namespace tc::app {

GracefulStop::GracefulStop(boost::asio::io_context& ioc, const core::Config& cfg, RealtimeParts& realtime,
                           net::HttpServer& http)
    : ioc_(ioc),
      realtime_(realtime),
      http_(http),
      signals_(ioc, SIGINT, SIGTERM),
      drain_(ioc),
      // Measured from start-up, as before the wiring was split (so a server up longer than the
      // timeout stops without waiting); see the issue notes.
      deadline_(std::chrono::steady_clock::now() + std::chrono::milliseconds(cfg.shutdown_timeout_ms)) {
  signals_.async_wait([this](const boost::system::error_code& ec, int sig) {
    if (!ec) on_signal(sig);
  });
}

// Drain order: periodic work and the bus first (nothing new is broadcast), then the realtime
// sessions, then the listener (idle keep-alive connections close now, busy ones after their reply).
void GracefulStop::on_signal(int sig) {
  core::logger("app")->info("msg=\"signal received, draining\" signal={}", sig);
  realtime_.stop();
  http_.stop_accepting();
  signals_.async_wait([this](const boost::system::error_code& ec, int) {
    if (!ec) ioc_.stop();  // a second signal forces the stop
  });
  wait_drained();
}

void GracefulStop::wait_drained() {
  if (http_.open_connections() == 0 || std::chrono::steady_clock::now() >= deadline_) {
    core::logger("app")->info("msg=\"shutting down\" open_connections={}", http_.open_connections());
    ioc_.stop();
    return;
  }
  drain_.expires_after(std::chrono::milliseconds(20));
  drain_.async_wait([this](const boost::system::error_code&) { wait_drained(); });
}

// Teardown order (each step needs what the later ones still hold):
//  1. the I/O threads: nothing serves requests any more;
//  2. the media pool: no SDP negotiation is running against the media service;
//  3. the media service: the namespace's media events are unhooked first (the namespace goes away
//     before the media service), then shutdown() closes recordings and playlists of streams still
//     live, and reset() joins the media event thread while the DB pool still runs (its last events
//     end streams through it);
//  4. the DB pool, then the blob pool (ending a stream on the DB pool may hand an S3 upload to the
//     blob pool), then the auth pool;
//  5. the namespace's final write: every chat message acknowledged to a client is written before
//     the process exits (blocking, on this thread).
// The destructors of the parts then run in reverse build order (app/server_app.cpp).
void teardown(const core::Config& cfg, std::vector<std::thread>& io_threads, WorkerPools& pools, MediaParts& media,
              RealtimeParts& realtime) {
  // The teardown gets the drain budget again, with a floor so a short drain setting does not cut a
  // healthy final write.
  const ShutdownWatchdog watchdog(
      std::max(std::chrono::milliseconds(cfg.shutdown_timeout_ms), std::chrono::milliseconds(10'000)));
  for (auto& t : io_threads) t.join();
  pools.media.join();
  media.bridge.set_events(nullptr);
  if (media.service) media.service->shutdown();
  media.bridge.set_media(nullptr);
  media.service.reset();
  pools.db.join();
  pools.blob.join();
  pools.auth.join();
  try {
    realtime.streaming.flush_all();
  } catch (const std::exception& e) {
    core::logger("app")->error("msg=\"final chat/viewer write failed\" error=\"{}\"", e.what());
  }
  core::logger("app")->info("msg=stopped");
}

}  // namespace tc::app
