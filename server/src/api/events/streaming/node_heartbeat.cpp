#include "api/events/streaming/node_heartbeat.hpp"

#include <boost/asio/post.hpp>

#include <cassert>
#include <chrono>

#include "core/logging.hpp"

namespace tc::api {
namespace asio = boost::asio;

namespace {
auto log() {
  static auto l = core::logger("api.events.nodes");
  return l;
}
}  // namespace

NodeHeartbeat::NodeHeartbeat(asio::io_context& ioc, ApiContext& ctx, domain::ViewerTracker& viewers,
                             const std::string& node_id)
    : ctx_(ctx),
      viewers_(viewers),
      liveness_(ctx.store.viewers(), ctx.clock, node_id, {ctx.config.node_heartbeat_ms, ctx.config.node_ttl_ms}),
      reaped_(ctx.metrics.counter("tradecast_nodes_reaped_total",
                                  "Silent nodes this node declared dead (their watch sessions closed)")),
      failures_(ctx.metrics.counter("tradecast_node_heartbeat_failures_total",
                                    "Node heartbeats that failed (the database did not take them)")),
      strand_(asio::make_strand(ioc)),
      timer_(strand_) {
  // A ttl of two beats at least: one late beat on a busy database must not make a node dead.
  if (ctx.config.node_heartbeat_ms < 100 || ctx.config.node_ttl_ms < 2 * ctx.config.node_heartbeat_ms) {
    throw core::ConfigError("--node-ttl must be at least twice --node-heartbeat (and --node-heartbeat at least 100ms)");
  }
}

void NodeHeartbeat::start() {
  asio::dispatch(strand_, [this] { tick(); });
}

void NodeHeartbeat::stop() {
  stopped_ = true;
  asio::post(strand_, [this] { timer_.cancel(); });
}

void NodeHeartbeat::tick() {
  assert(strand_.running_in_this_thread());
  if (stopped_) return;
  // Straight onto the pool, not through its gate: a beat is background work with no client waiting,
  // and only one is ever out (a hung database holds one pool thread for up to --db-timeout).
  if (!beating_.exchange(true)) {
    ctx_.db_pool.post([this] {
      try {
        auto outcome = liveness_.beat();
        asio::post(strand_, [this, outcome = std::move(outcome)] { apply(outcome); });
      } catch (const std::exception& e) {
        failures_.inc();
        log()->warn("msg=\"node heartbeat failed, the next beat retries\" error=\"{}\"", e.what());
      }
      beating_ = false;
    });
  }
  timer_.expires_after(std::chrono::milliseconds(liveness_.settings().interval_ms));
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) tick();
  });
}

void NodeHeartbeat::apply(const domain::BeatOutcome& outcome) {
  for (const auto& node : outcome.dead_nodes) {
    viewers_.forget_node(node);
    log()->warn("msg=\"node silent past the ttl, declared dead (stopped or crashed)\" node={} ttl_ms={}", node,
                liveness_.settings().ttl_ms);
  }
  reaped_.inc(outcome.dead_nodes.size());
  if (!outcome.streams.empty()) {
    log()->info("msg=\"closed a dead node's watch sessions\" streams={}", outcome.streams.size());
  }
  if (outcome.declared_dead) {
    const int reopened = viewers_.restart_sessions();
    log()->warn(
        "msg=\"this node had been declared dead (silent past the ttl); its watch sessions start again\" "
        "viewers={}",
        reopened);
  }
}

}  // namespace tc::api
