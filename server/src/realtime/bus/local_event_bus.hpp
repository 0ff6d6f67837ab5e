#pragma once
// The in-process bus: a topic → handlers table. It is also the local half of RedisEventBus, which
// adds the other nodes.
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "realtime/bus/event_bus.hpp"

namespace tc::realtime::bus {

class LocalEventBus final : public EventBus {
 public:
  explicit LocalEventBus(std::string node_id);

  void publish(std::string_view topic, std::string_view data) override;
  uint64_t subscribe(std::string topic, Handler handler, ReadyHandler ready = {}) override;
  void unsubscribe(uint64_t id) override;
  const std::string& node_id() const override { return node_id_; }
  bool spans_nodes() const override { return false; }

  // ---- for RedisEventBus
  // Calls `topic`'s handlers with a message from `origin`.
  void deliver(std::string_view topic, std::string_view origin, std::string_view data);
  // Calls `topic`'s ready handlers.
  void ready(std::string_view topic);
  // Adds a subscription without calling its ready handler; returns its id.
  uint64_t add(std::string topic, Handler handler, ReadyHandler ready);
  // Removes one; returns its topic and whether the topic has no subscriber left.
  std::pair<std::string, bool> remove(uint64_t id);
  bool has_subscribers(const std::string& topic) const;
  std::vector<std::string> topics() const;

 private:
  struct Subscription {
    uint64_t id;
    std::shared_ptr<const Handler> handler;  // shared: a delivery in flight keeps it alive
    std::shared_ptr<const ReadyHandler> ready;
  };
  std::vector<Subscription> snapshot(std::string_view topic) const;

  const std::string node_id_;
  mutable std::mutex mutex_;
  uint64_t next_id_ = 1;                                                  // guarded by mutex_
  std::unordered_map<std::string, std::vector<Subscription>> topics_;    // guarded by mutex_
  std::unordered_map<uint64_t, std::string> topic_of_;                    // guarded by mutex_
};

}  // namespace tc::realtime::bus
