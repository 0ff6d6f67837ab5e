#pragma once
// A session's inbox: messages sent to it from threads other than its strand wait here, in order,
// until the strand takes them. push() and used() are thread-safe (any I/O thread, the bus, the DB
// pool); take() and recycle() run on the session's strand. One mutex guards everything but `used_`.
// One drain takes every message queued since the last one, so a room broadcast schedules the drains
// of all its sessions with one post (drain_all) instead of one post per message.
#include <atomic>
#include <cstddef>
#include <mutex>
#include <vector>

#include "net/websocket.hpp"

namespace tc::realtime::engineio {

class SessionInbox {
 public:
  struct Message {
    net::SharedBytes data;
    bool binary;
    bool droppable;
  };
  struct Pushed {
    bool dropped = false;         // droppable, and the inbox is past its soft limit
    bool schedule_drain = false;  // the caller must run a drain on the strand (none was due)
  };
  struct Batch {
    std::vector<Message> messages;  // in push order
    bool overflow = false;          // something was refused past the hard limit: close the session
  };

  // The send-queue limits of Options, in bytes: they hold here too, for a strand slow to drain.
  SessionInbox(size_t soft_bytes, size_t hard_bytes) : soft_bytes_(soft_bytes), hard_bytes_(hard_bytes) {}

  // Any thread.
  Pushed push(const net::SharedBytes& data, bool binary, bool droppable);
  // Any thread: something was pushed since the last take() (a send on the strand drains first).
  bool used() const { return used_.load(std::memory_order_acquire); }
  // On the strand. `scheduled`: this is the drain a push asked for. Only it clears the due flag, so an
  // early take (a send on the strand) leaves the scheduled drain due and a push meanwhile needs no post.
  Batch take(bool scheduled);
  // On the strand: gives a drained batch's capacity back for the next pushes (unless it was a burst).
  void recycle(std::vector<Message> drained);

 private:
  const size_t soft_bytes_;
  const size_t hard_bytes_;
  std::mutex mutex_;
  std::vector<Message> messages_;  // guarded by mutex_
  std::vector<Message> spare_;     // guarded by mutex_: capacity kept between drains
  size_t bytes_ = 0;               // guarded by mutex_
  bool overflow_ = false;          // guarded by mutex_: past the hard limit, the drain closes
  bool drain_due_ = false;         // guarded by mutex_: a scheduled drain has not yet run
  std::atomic<bool> used_{false};
};

}  // namespace tc::realtime::engineio
