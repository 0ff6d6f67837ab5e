#include "realtime/engineio/session_inbox.hpp"

#include <utility>

namespace tc::realtime::engineio {

SessionInbox::Pushed SessionInbox::push(const net::SharedBytes& data, bool binary, bool droppable) {
  std::lock_guard lock(mutex_);
  if (overflow_) return {};  // the due drain closes the session as too slow
  if (droppable && bytes_ > soft_bytes_) return {true, false};
  if (bytes_ + data->size() > hard_bytes_) {
    overflow_ = true;
  } else {
    messages_.push_back({data, binary, droppable});
    bytes_ += data->size();
  }
  used_.store(true, std::memory_order_release);
  if (drain_due_) return {};
  drain_due_ = true;
  return {false, true};
}

SessionInbox::Batch SessionInbox::take(bool scheduled) {
  Batch batch;
  std::lock_guard lock(mutex_);
  if (scheduled) drain_due_ = false;
  used_.store(false, std::memory_order_relaxed);
  batch.overflow = std::exchange(overflow_, false);
  bytes_ = 0;
  batch.messages.swap(messages_);
  messages_.swap(spare_);  // a vector with capacity (or an empty one) for the next pushes
  return batch;
}

void SessionInbox::recycle(std::vector<Message> drained) {
  drained.clear();
  if (drained.capacity() > 64) return;  // a burst: let it go rather than keep it per session
  std::lock_guard lock(mutex_);
  if (spare_.capacity() < drained.capacity()) spare_.swap(drained);
}

}  // namespace tc::realtime::engineio
