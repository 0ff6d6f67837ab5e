#pragma once
// Time comes from an injected Clock so that expiry, rate limits and slow mode are testable.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace tc::core {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time as epoch milliseconds (what we store and send).
  virtual int64_t now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t now_ms() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }
};

// A clock tests move by hand. Safe to read from any thread.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t start_ms = 1'700'000'000'000) : now_(start_ms) {}
  int64_t now_ms() const override { return now_.load(); }
  void advance_ms(int64_t ms) { now_ += ms; }
  void set_ms(int64_t ms) { now_ = ms; }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace tc::core
