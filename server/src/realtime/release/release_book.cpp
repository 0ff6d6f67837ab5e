#include "realtime/release/release_book.hpp"

namespace tc::realtime::release {

std::optional<uint64_t> ReleaseBook::add(const std::string& key, const std::vector<int64_t>& at_ms) {
  if (at_ms.empty() || releases_.size() >= limits_.max_releases) return std::nullopt;
  auto& n = per_key_[key];
  if (n >= limits_.max_releases_per_key) return std::nullopt;
  const uint64_t id = next_id_++;
  Release r{key, at_ms, {}, 0};
  for (size_t g = 0; g < at_ms.size(); ++g) {
    auto& groups = steps_[{at_ms[g], id}];
    if (groups.empty()) ++r.steps_left;
    groups.push_back(g);
  }
  releases_.emplace(id, std::move(r));
  ++n;
  return id;
}

std::vector<DueStep> ReleaseBook::take_due(int64_t now_ms) {
  std::vector<DueStep> out;
  while (!steps_.empty() && steps_.begin()->first.first <= now_ms) {
    auto node = steps_.extract(steps_.begin());
    const auto [at, id] = node.key();
    const auto it = releases_.find(id);
    if (it == releases_.end()) continue;
    const bool last = --it->second.steps_left == 0;
    out.push_back({id, at, std::move(node.mapped()), last});
  }
  return out;
}

std::optional<int64_t> ReleaseBook::next_at() const {
  if (steps_.empty()) return std::nullopt;
  return steps_.begin()->first.first;
}

bool ReleaseBook::entitled(uint64_t id, size_t group, int64_t step_at_ms, uint64_t member) const {
  const auto it = releases_.find(id);
  if (it == releases_.end() || group >= it->second.at_ms.size()) return false;
  return it->second.at_ms[group] <= step_at_ms && !it->second.reached.count(member);
}

bool ReleaseBook::mark(uint64_t id, uint64_t member) {
  const auto it = releases_.find(id);
  return it != releases_.end() && it->second.reached.insert(member).second;
}

void ReleaseBook::finish(uint64_t id) {
  const auto it = releases_.find(id);
  if (it == releases_.end()) return;
  // Steps still queued for it (finished before its last step) are dropped too.
  if (it->second.steps_left > 0) {
    for (auto s = steps_.begin(); s != steps_.end();) s = s->first.second == id ? steps_.erase(s) : std::next(s);
  }
  if (auto k = per_key_.find(it->second.key); k != per_key_.end() && --k->second == 0) per_key_.erase(k);
  releases_.erase(it);
}

size_t ReleaseBook::size(const std::string& key) const {
  const auto it = per_key_.find(key);
  return it == per_key_.end() ? 0 : it->second;
}

}  // namespace tc::realtime::release
