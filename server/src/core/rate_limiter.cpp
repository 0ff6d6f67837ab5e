#include "core/rate_limiter.hpp"

#include <algorithm>

namespace tc::core {

RateLimiter::RateLimiter(const Clock& clock, RateSpec spec, size_t max_keys)
    : clock_(clock),
      spec_(spec),
      interval_ms_(spec.enabled() ? std::max<int64_t>(1, spec.window_ms / spec.count) : 0),
      max_keys_(max_keys) {}

RateLimiter::Decision RateLimiter::decide(int64_t tat, int64_t now) const {
  // A request is allowed while the new arrival time stays within one window of now: this admits a
  // burst of `count` and then one per interval.
  const int64_t next = std::max(tat, now) + interval_ms_;
  if (next - now <= spec_.window_ms) return {true, 0};
  return {false, next - spec_.window_ms - now};
}

RateLimiter::Decision RateLimiter::peek(const std::string& key) const {
  if (!enabled()) return {};
  const int64_t now = clock_.now_ms();
  std::lock_guard lock(mutex_);
  auto it = tat_.find(key);
  return decide(it == tat_.end() ? now : it->second, now);
}

RateLimiter::Decision RateLimiter::acquire(const std::string& key) {
  if (!enabled()) return {};
  const int64_t now = clock_.now_ms();
  std::lock_guard lock(mutex_);
  auto it = tat_.find(key);
  if (it == tat_.end()) {
    if (tat_.size() >= max_keys_) sweep(now);
    if (tat_.size() >= max_keys_) return {false, interval_ms_};
    it = tat_.emplace(key, now).first;
  }
  auto d = decide(it->second, now);
  if (d.allowed) it->second = std::max(it->second, now) + interval_ms_;
  return d;
}

void RateLimiter::sweep(int64_t now) {
  std::erase_if(tat_, [now](const auto& kv) { return kv.second <= now; });
}

size_t RateLimiter::size() const {
  std::lock_guard lock(mutex_);
  return tat_.size();
}

}  // namespace tc::core
