#pragma once
// Fair release by tier (issue 13): an event (an alert, an alert's update) reaches a stream's viewers
// tier by tier, each tier at its own instant posted_at + delay, and at that instant every entitled
// socket of the tier on this node gets it in one fan-out pass, encoded once per tier
// (realtime/release/tracked_fanout). The streamer's own sockets get it at once.
//
// - Tier of a socket: PREMIUM or BASIC from its user's paid subscription to the streamer, else FREE
//   (followers, anonymous viewers). The channel's paid subscribers are read from the database
//   (SubscriptionService::paid_tiers) before a release step whenever the copy here is older than
//   kTierFreshMs, so a subscription bought or ended mid-stream counts from the first step at least
//   kTierFreshMs after it. A socket is classified at each step: one that subscribed after its old
//   tier's instant gets the event at the next step (once); one whose tier is not yet due gets
//   nothing — a socket never receives an event before its tier's instant.
// - Nobody is systematically first inside a tier: each pass goes out in a fresh random order.
// - Several nodes: the node an event is posted on publishes it on the bus topic "release"; every
//   node schedules it from posted_at (not from when the message arrived), so viewers on every node
//   get it at the same instants, and every node reports its passes there for the delivery audit
//   (realtime/release/delivery_log, read by GET /api/v1/alerts/:alert_id/delivery).
// - Limits: realtime::release::Limits pending events per node and per stream; beyond, an event is
//   refused (tradecast_release_refused_total, a warning): its viewers then see it through the read
//   paths (REST, joined_stream) once their tier's instant has come, never earlier.
//
// Threads: publish(), enter(), leave() from any thread. Everything else runs on the release strand
// (strand_): the pending book, the tier copies, the timer. The fan-out's drains run on the sockets'
// strands; the delivery log and the bus are thread-safe. The channel's subscribers are read on the DB pool.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>

#include "api/context/api_context.hpp"
#include "api/events/streaming/release_audience.hpp"
#include "api/events/streaming/timed_event.hpp"
#include "domain/subscriptions/subscription_service.hpp"
#include "realtime/bus/event_bus.hpp"
#include "realtime/release/delivery_log.hpp"
#include "realtime/release/release_book.hpp"
#include "realtime/release/tracked_fanout.hpp"
#include "realtime/socketio/namespace.hpp"

namespace tc::api {

class TierRelease {
 public:
  static constexpr int64_t kTierFreshMs = 2'000;
  static constexpr size_t kMaxChannelsCached = 4'096;

  TierRelease(boost::asio::io_context& ioc, ApiContext& ctx, domain::SubscriptionService& subscriptions,
              realtime::bus::EventBus& bus, realtime::socketio::Namespace& nsp, realtime::release::DeliveryLog& log,
              realtime::release::Limits limits = {});
  ~TierRelease();

  void start();  // listens on the bus (several nodes)
  void stop();   // no more releases; pending ones are dropped

  // Any thread. Schedules `e` on this node and, with several nodes, on the others. Errors (invalid):
  // the event is malformed (nothing scheduled); the limits are applied on the strand (see above).
  core::Status publish(TimedEvent e);

  // Socket strand (room_membership): a socket entered / left a stream's room.
  void enter(const std::string& stream_id, const std::shared_ptr<realtime::socketio::Socket>& socket,
             std::optional<std::string> user_id) {
    audience_.enter(stream_id, socket, std::move(user_id));
  }
  void leave(const std::string& stream_id, const realtime::socketio::Socket& socket) {
    audience_.leave(stream_id, socket);
  }

 private:
  struct Pending {
    TimedEvent event;
    bool origin = false;  // posted on this node: it reports even an empty pass
  };
  struct ChannelTiers {
    std::unordered_map<std::string, std::string> paid;  // user → PREMIUM | BASIC
    int64_t loaded_at_ms = 0;
    bool loading = false;
  };

  void accept(TimedEvent e, bool origin);
  void on_bus(std::string_view origin, std::string_view data);
  void run_due();
  bool tiers_ready(const std::string& streamer_id);
  void release_step(uint64_t id, const Pending& p, const realtime::release::DueStep& step);
  void arm();
  // The event with `args` (and its chat line after it), encoded for one tier.
  realtime::release::Packets packets(const TimedEvent& e, const boost::json::array& args) const;
  void report(const TimedEvent& e, const std::string& tier, const realtime::release::NodePass& pass, bool publish);

  ApiContext& ctx_;                             // borrowed, outlives us
  domain::SubscriptionService& subscriptions_;  // borrowed
  realtime::bus::EventBus& bus_;                // borrowed
  realtime::socketio::Namespace& nsp_;          // borrowed
  realtime::release::DeliveryLog& log_;         // borrowed (ApiContext's readers share it)
  core::Counter& refused_;                      // owned by the metrics registry
  core::Counter& sent_;
  core::Counter& tier_load_failures_;
  ReleaseAudience audience_;  // thread-safe

  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  // On strand_:
  boost::asio::steady_timer timer_;
  realtime::release::ReleaseBook book_;
  std::unordered_map<uint64_t, Pending> pending_;
  std::deque<realtime::release::DueStep> due_;  // taken from the book, waiting for their channel's tiers
  std::unordered_map<std::string, ChannelTiers> tiers_;
  std::atomic<int64_t> pending_count_{0};  // book_.size(), for /metrics
  std::atomic<bool> stopped_{false};
  uint64_t subscription_ = 0;
};

}  // namespace tc::api
