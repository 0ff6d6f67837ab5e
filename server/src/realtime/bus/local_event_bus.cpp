#include "realtime/bus/local_event_bus.hpp"

namespace tc::realtime::bus {

LocalEventBus::LocalEventBus(std::string node_id) : node_id_(std::move(node_id)) {}

void LocalEventBus::publish(std::string_view topic, std::string_view data) { deliver(topic, node_id_, data); }

uint64_t LocalEventBus::subscribe(std::string topic, Handler handler, ReadyHandler ready) {
  auto r = ready ? std::make_shared<const ReadyHandler>(std::move(ready)) : nullptr;
  const auto id = add(std::move(topic), std::move(handler), {});
  if (r) (*r)();  // nothing to wait for in one process
  return id;
}

void LocalEventBus::unsubscribe(uint64_t id) { remove(id); }

std::vector<LocalEventBus::Subscription> LocalEventBus::snapshot(std::string_view topic) const {
  std::lock_guard lock(mutex_);
  const auto it = topics_.find(std::string(topic));
  if (it == topics_.end()) return {};
  return it->second;
}

void LocalEventBus::deliver(std::string_view topic, std::string_view origin, std::string_view data) {
  // Handlers are called outside the lock, so one may subscribe or publish.
  const BusMessage m{topic, origin, data};
  for (const auto& s : snapshot(topic)) (*s.handler)(m);
}

void LocalEventBus::ready(std::string_view topic) {
  for (const auto& s : snapshot(topic)) {
    if (s.ready) (*s.ready)();
  }
}

uint64_t LocalEventBus::add(std::string topic, Handler handler, ReadyHandler ready) {
  std::lock_guard lock(mutex_);
  const uint64_t id = next_id_++;
  topic_of_.emplace(id, topic);
  topics_[std::move(topic)].push_back(
      {id, std::make_shared<const Handler>(std::move(handler)),
       ready ? std::make_shared<const ReadyHandler>(std::move(ready)) : nullptr});
  return id;
}

std::pair<std::string, bool> LocalEventBus::remove(uint64_t id) {
  std::lock_guard lock(mutex_);
  const auto t = topic_of_.find(id);
  if (t == topic_of_.end()) return {{}, false};
  std::string topic = std::move(t->second);
  topic_of_.erase(t);
  auto it = topics_.find(topic);
  if (it == topics_.end()) return {topic, true};
  auto& subs = it->second;
  std::erase_if(subs, [id](const Subscription& s) { return s.id == id; });
  const bool empty = subs.empty();
  if (empty) topics_.erase(it);
  return {topic, empty};
}

bool LocalEventBus::has_subscribers(const std::string& topic) const {
  std::lock_guard lock(mutex_);
  return topics_.count(topic) > 0;
}

std::vector<std::string> LocalEventBus::topics() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  out.reserve(topics_.size());
  for (const auto& [t, _] : topics_) out.push_back(t);
  return out;
}

}  // namespace tc::realtime::bus
