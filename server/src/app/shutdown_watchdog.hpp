#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

namespace tc::app {

// Bounds the teardown after the I/O threads stop. Joining the media, DB and auth pools normally
// takes milliseconds, but a pool thread stuck in a library call (a GStreamer element blocked on a
// pad, a database that stopped answering) would otherwise hold the process forever — and an
// orchestrator's SIGKILL later is worse than our own exit with a log line saying why.
class ShutdownWatchdog {
 public:
  explicit ShutdownWatchdog(std::chrono::milliseconds budget)
      : thread_([this, budget] {
          std::unique_lock lock(mutex_);
          if (cv_.wait_for(lock, budget, [this] { return done_; })) return;
          std::fprintf(stderr, "level=error msg=\"teardown exceeded %lld ms; exiting without a clean stop\"\n",
                       static_cast<long long>(budget.count()));
          std::fflush(stderr);
          std::_Exit(3);
        }) {}

  ShutdownWatchdog(const ShutdownWatchdog&) = delete;
  ShutdownWatchdog& operator=(const ShutdownWatchdog&) = delete;

  ~ShutdownWatchdog() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;  // last: starts after the members it reads exist
};

}  // namespace tc::app
