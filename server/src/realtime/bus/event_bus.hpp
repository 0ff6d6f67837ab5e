#pragma once
// The event bus between nodes: publish(topic, bytes) reaches every subscriber of `topic` on every
// node, this one included, exactly once. Two implementations: LocalEventBus (one process, the
// default) and RedisEventBus (Redis pub/sub, several nodes). The bus knows nothing of chat or rooms;
// api/events/room_relay decides what travels on it (docs/realtime.md "Several nodes").
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace tc::realtime::bus {

struct BusMessage {
  std::string_view topic;
  std::string_view origin;  // node id of the publisher (== EventBus::node_id() for our own)
  std::string_view data;    // valid only during the handler call
};

// Handlers run on the publisher's thread for a publish made on this node, and on the bus's own
// strand for one from another node. They must not block and must not throw.
using Handler = std::function<void(const BusMessage&)>;
// The subscription is live on every node (at once for the in-process bus; after Redis confirmed the
// SUBSCRIBE, and again after every reconnect, for Redis): a good moment to ask others for state.
using ReadyHandler = std::function<void()>;

class EventBus {
 public:
  virtual ~EventBus() = default;

  // Thread-safe. Local subscribers are called before publish returns; other nodes get it later, or
  // not at all while the bus is disconnected (messages are not queued across an outage).
  virtual void publish(std::string_view topic, std::string_view data) = 0;
  // Thread-safe. Returns an id for unsubscribe(). Never called back after unsubscribe() returns,
  // except by a call already running on another thread.
  virtual uint64_t subscribe(std::string topic, Handler handler, ReadyHandler ready = {}) = 0;
  virtual void unsubscribe(uint64_t id) = 0;

  // Unique per process start; carried by every message.
  virtual const std::string& node_id() const = 0;
  // False for a bus that reaches only this process: publishers may then skip what only other nodes need.
  virtual bool spans_nodes() const = 0;
  // Any thread. False while other nodes cannot be reached (Redis down or not answering): publishes
  // reach this node only. Always true for a bus that spans no nodes.
  virtual bool connected() const { return true; }
  // Stops background work (connections, timers); publish() afterwards only delivers locally.
  virtual void stop() {}
};

}  // namespace tc::realtime::bus
