#include "domain/viewers/node_liveness.hpp"

#include <utility>

namespace tc::domain {

NodeLiveness::NodeLiveness(store::ViewerStore& store, const core::Clock& clock, std::string node_id,
                           LivenessSettings settings)
    : store_(store), clock_(clock), node_id_(std::move(node_id)), settings_(settings) {}

BeatOutcome NodeLiveness::beat() {
  BeatOutcome out;
  const int64_t now = clock_.now_ms();
  // A gap longer than ttl since our last good beat (database away, the process paused) breaks the
  // series: the others may not have been able to beat either.
  if (last_good_ == 0 || now - last_good_ > settings_.ttl_ms) steady_since_ = now;
  try {
    const bool had_row = store_.node_heartbeat(node_id_, now);
    out.declared_dead = beaten_ && !had_row;
    beaten_ = true;
    last_good_ = now;
  } catch (...) {
    last_good_ = 0;
    throw;
  }
  if (now - steady_since_ < settings_.ttl_ms) return out;
  for (const auto& node : store_.stale_nodes(now - settings_.ttl_ms)) {
    if (node.node_id == node_id_) continue;
    out.dead_nodes.push_back(node.node_id);
    if (auto streams = store_.reap_node(node.node_id, now - settings_.ttl_ms)) {
      out.streams.insert(out.streams.end(), streams->begin(), streams->end());
    }
  }
  return out;
}

}  // namespace tc::domain
