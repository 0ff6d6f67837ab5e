#pragma once
// Keyed rate limiter (GCRA: one timestamp per key, smooth, exact Retry-After).
// Thread-safe. Memory is bounded by `max_keys`: expired keys are swept when the table fills, and
// when every key is still active a new key is refused (fail closed) rather than grow without bound.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"
#include "core/config.hpp"

namespace tc::core {

class RateLimiter {
 public:
  struct Decision {
    bool allowed = true;
    int64_t retry_after_ms = 0;
  };

  RateLimiter(const Clock& clock, RateSpec spec, size_t max_keys = 100'000);

  // Takes one unit for `key` if the limit allows it.
  Decision acquire(const std::string& key);
  // Would acquire() succeed? Takes nothing.
  Decision peek(const std::string& key) const;
  bool enabled() const { return spec_.enabled(); }
  size_t size() const;

 private:
  Decision decide(int64_t tat, int64_t now) const;
  void sweep(int64_t now);

  const Clock& clock_;  // borrowed, outlives us
  RateSpec spec_;
  int64_t interval_ms_;  // window / count: time one unit "costs"
  size_t max_keys_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, int64_t> tat_;  // theoretical arrival time per key; guarded by mutex_
};

}  // namespace tc::core
