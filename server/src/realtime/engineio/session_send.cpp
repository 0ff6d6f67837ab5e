// Session: the send path. Messages reach the transport in the order they were sent, from the strand
// (enqueue) or from any other thread through the inbox (send, push_inbox, drain_all); both paths
// apply the send-queue limits (a droppable packet is discarded when the client is behind, a client
// past the hard limit is closed as too slow).
#include <boost/asio/post.hpp>

#include <algorithm>
#include <iterator>
#include <utility>

#include "realtime/engineio/server.hpp"
#include "realtime/engineio/session.hpp"

namespace tc::realtime::engineio {
namespace asio = boost::asio;

void Session::send(net::SharedBytes encoded, bool binary, bool droppable) {
  if (strand_.running_in_this_thread()) {
    enqueue(std::move(encoded), binary, droppable);
    return;
  }
  // Through the inbox, so that this message and a broadcast queued before or after it keep their order.
  if (push_inbox(encoded, binary, droppable)) {
    asio::post(strand_, [self = shared_from_this()] { self->drain_inbox(true); });
  }
}

bool Session::push_inbox(const net::SharedBytes& encoded, bool binary, bool droppable) {
  const auto pushed = inbox_.push(encoded, binary, droppable);
  if (pushed.dropped) server_.count_dropped();
  return pushed.schedule_drain;
}

void Session::drain_inbox(bool scheduled) {
  auto batch = inbox_.take(scheduled);
  // enqueue_now may close the session and run handlers that send to it again: they find the inbox
  // empty (or newer), so nothing here is reordered.
  for (auto& m : batch.messages) enqueue_now(std::move(m.data), m.binary, m.droppable);
  if (batch.overflow && !closed_) {
    server_.count_slow();
    do_close("slow client", true);
  }
  inbox_.recycle(std::move(batch.messages));
}

void drain_all(std::vector<std::shared_ptr<Session>> due) {
  if (due.empty()) return;
  const size_t groups = std::clamp<size_t>(due.front()->options().io_threads, 1, due.size());
  // Each post carries a slice of the sessions; a session whose strand is idle is drained right there
  // (dispatch runs it inline on this I/O thread), one whose strand is busy elsewhere gets the drain
  // queued behind its running work. Either way its state is touched only on its strand.
  const size_t per = (due.size() + groups - 1) / groups;
  auto ex = due.front()->strand().get_inner_executor();
  auto post_drains = [&ex](std::vector<std::shared_ptr<Session>> slice) {
    asio::post(ex, [slice = std::move(slice)]() mutable {
      for (auto& s : slice) {
        auto strand = s->strand();
        asio::dispatch(strand, [s = std::move(s)] { s->drain_inbox(true); });
      }
    });
  };
  if (per >= due.size()) return post_drains(std::move(due));
  for (size_t begin = 0; begin < due.size(); begin += per) {
    const size_t end = std::min(due.size(), begin + per);
    post_drains({std::make_move_iterator(due.begin() + begin), std::make_move_iterator(due.begin() + end)});
  }
}

size_t Session::queued_bytes() const {
  // ws_ is read without the strand: a stale answer is fine for a backpressure hint.
  return polling_bytes_.load(std::memory_order_relaxed);
}

void Session::enqueue(net::SharedBytes encoded, bool binary, bool droppable) {
  // Messages pushed from other threads before this one go first.
  if (inbox_.used()) drain_inbox(false);
  enqueue_now(std::move(encoded), binary, droppable);
}

void Session::enqueue_now(net::SharedBytes encoded, bool binary, bool droppable) {
  if (closed_) return;
  const size_t queued =
      transport_ == Transport::websocket ? ws_->queued_bytes() : polling_bytes_.load(std::memory_order_relaxed);
  if (queued > options_.send_queue_soft_bytes && droppable) {
    server_.count_dropped();
    return;
  }
  if (queued + encoded->size() > options_.send_queue_hard_bytes) {
    server_.count_slow();
    do_close("slow client", true);
    return;
  }
  if (transport_ == Transport::websocket) {
    ws_->send(std::move(encoded), binary);
    return;
  }
  polling_bytes_ += encoded->size();
  polling_queue_.push_back({std::move(encoded), binary});
  if (pending_get_ && !get_held_) answer_pending_get(drain_payload());
}

}  // namespace tc::realtime::engineio
