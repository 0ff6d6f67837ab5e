#pragma once
// The event bus over Redis pub/sub, for several nodes. One Redis channel per topic ("tc:" + topic),
// subscribed only while this node has a local subscriber for it, so a node receives the traffic of
// the rooms it serves and no other. Two connections: SUBSCRIBE puts a connection in a mode where it
// can issue nothing else, so PUBLISH has its own. Each message is the publisher's node id (16 hex
// characters) followed by the data; a node skips its own messages coming back, because publish()
// already delivered them to local subscribers synchronously.
//
// While Redis is unreachable or hung (RedisConnection's PING finds it silent), publishes to other nodes
// are dropped (counted) and local delivery goes on; on reconnect every topic is subscribed again and
// subscribers get their ready callback, so they can re-announce state (viewer counts).
#include <atomic>
#include <mutex>
#include <string>
#include <unordered_set>

#include "core/metrics.hpp"
#include "realtime/bus/local_event_bus.hpp"
#include "realtime/bus/redis_connection.hpp"

namespace tc::realtime::bus {

class RedisEventBus final : public EventBus {
 public:
  static constexpr size_t kNodeIdLength = 16;
  static constexpr size_t kMaxMessageBytes = 1024 * 1024;  // larger publishes are dropped (a bug upstream)
  static constexpr size_t kMaxPendingPublishes = 100'000;  // handed over but not yet queued on the socket

  // `node_id`: kNodeIdLength characters.
  RedisEventBus(boost::asio::io_context& ioc, const RedisAddress& address, std::string node_id,
                core::MetricsRegistry& metrics, std::string channel_prefix = "tc:");
  ~RedisEventBus() override;

  void start();  // connects (and keeps reconnecting) in the background
  void stop() override;

  void publish(std::string_view topic, std::string_view data) override;
  uint64_t subscribe(std::string topic, Handler handler, ReadyHandler ready = {}) override;
  void unsubscribe(uint64_t id) override;
  const std::string& node_id() const override { return local_.node_id(); }
  bool spans_nodes() const override { return true; }
  bool connected() const override { return sub_up_ && pub_up_; }

 private:
  // Subscriber strand:
  void reconcile(const std::string& topic);
  void on_sub_up();
  void on_sub_reply(RespValue&& v);
  void on_sub_down();
  void set_up(std::atomic<bool>& which, bool up);  // a connection's flag, and the gauge from both

  const std::string prefix_;
  LocalEventBus local_;
  RedisConnection sub_;
  RedisConnection pub_;
  std::atomic<bool> stopped_{false};
  std::atomic<size_t> pending_publishes_{0};
  std::atomic<bool> sub_up_{false};  // set on the connections' strands, read anywhere
  std::atomic<bool> pub_up_{false};
  std::mutex shown_mutex_;  // both strands set connected_ from the two flags: never a stale value last
  // Subscriber strand only:
  std::unordered_set<std::string> subscribed_;  // topics SUBSCRIBE was sent for on this connection
  std::unordered_set<std::string> confirmed_;   // ... and Redis confirmed

  core::Counter& published_;  // borrowed from the registry
  core::Counter& received_;
  core::Counter& dropped_;
  core::Gauge& connected_;
  core::Gauge& channels_;
};

}  // namespace tc::realtime::bus
