#include "realtime/release/delivery_log.hpp"

#include <algorithm>
#include <limits>

namespace tc::realtime::release {

int64_t GroupDelivery::sockets() const {
  int64_t n = 0;
  for (const auto& p : passes) n += p.sockets;
  return n;
}

int64_t GroupDelivery::spread_us() const {
  int64_t first = std::numeric_limits<int64_t>::max(), last = 0, nodes = 0, own = 0;
  for (const auto& p : passes) {
    if (p.sockets == 0) continue;
    ++nodes;
    own = p.spread_us;
    first = std::min(first, p.first_us);
    last = std::max(last, p.last_us);
  }
  if (nodes == 0) return 0;
  return nodes == 1 ? own : std::max<int64_t>(0, last - first);
}

int64_t GroupDelivery::released_at_ms() const {
  int64_t at = 0;
  for (const auto& p : passes) at = at == 0 ? p.released_at_ms : std::min(at, p.released_at_ms);
  return at;
}

void DeliveryLog::expect(const std::string& subject, const std::string& owner, const std::string& event, int64_t seq,
                         int64_t posted_at_ms, const std::vector<std::pair<std::string, int64_t>>& due_at_ms) {
  std::lock_guard lock(mutex_);
  auto [it, added] = subjects_.try_emplace(subject);
  if (added) {
    it->second.owner = owner;
    order_.push_back(subject);
    while (order_.size() > kMaxSubjects) {
      subjects_.erase(order_.front());
      order_.pop_front();
    }
  }
  auto& s = subjects_.at(subject);  // the oldest may have gone, never this one (just added or present)
  if (find_event(s, seq) || s.events.size() >= kMaxEventsPerSubject) return;
  EventDelivery e{event, seq, posted_at_ms, {}};
  for (const auto& [group, at] : due_at_ms) e.groups.push_back({group, at, {}});
  const auto pos = std::upper_bound(s.events.begin(), s.events.end(), seq,
                                    [](int64_t v, const EventDelivery& x) { return v < x.seq; });
  s.events.insert(pos, std::move(e));
}

void DeliveryLog::record(const std::string& subject, int64_t seq, const std::string& group, const NodePass& pass) {
  std::lock_guard lock(mutex_);
  const auto it = subjects_.find(subject);
  if (it == subjects_.end()) return;  // never expected here (or long forgotten)
  auto* e = find_event(it->second, seq);
  if (!e) return;
  for (auto& g : e->groups) {
    if (g.group != group) continue;
    for (auto& p : g.passes) {
      if (p.node == pass.node) {
        p = pass;
        return;
      }
    }
    if (g.passes.size() < kMaxPassesPerGroup) g.passes.push_back(pass);
    return;
  }
}

std::optional<SubjectDelivery> DeliveryLog::get(const std::string& subject) const {
  std::lock_guard lock(mutex_);
  const auto it = subjects_.find(subject);
  if (it == subjects_.end()) return std::nullopt;
  return it->second;
}

EventDelivery* DeliveryLog::find_event(SubjectDelivery& s, int64_t seq) {
  for (auto& e : s.events)
    if (e.seq == seq) return &e;
  return nullptr;
}

}  // namespace tc::realtime::release
