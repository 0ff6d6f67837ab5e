#include "realtime/engineio/session.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <iterator>
#include <utility>

#include "core/logging.hpp"
#include "realtime/engineio/packet.hpp"
#include "realtime/engineio/server.hpp"

namespace tc::realtime::engineio {
namespace asio = boost::asio;

namespace {
const net::SharedBytes kPing = std::make_shared<const std::string>("2");
const net::SharedBytes kPongProbe = std::make_shared<const std::string>("3probe");
const net::SharedBytes kNoop = std::make_shared<const std::string>("6");
}  // namespace

// Frames of the session's WebSocket transport, forwarded to the session's strand.
class Session::WsListener final : public net::WebSocket::Listener {
 public:
  explicit WsListener(std::shared_ptr<Session> s) : session_(std::move(s)) {}
  void on_ws_message(std::string_view data, bool binary) override {
    if (session_->strand_.running_in_this_thread()) {
      session_->handle_packet(data, binary, true);
      return;
    }
    asio::post(session_->strand_, [s = session_, d = std::string(data), binary] { s->handle_packet(d, binary, true); });
  }
  void on_ws_closed() override {
    auto strand = session_->strand_;  // before the move below: argument order is unspecified
    asio::dispatch(strand, [s = std::move(session_)] { s->on_transport_closed("transport close"); });
  }

 private:
  std::shared_ptr<Session> session_;
};

// Frames of a WebSocket that is probing for an upgrade.
class Session::ProbeListener final : public net::WebSocket::Listener {
 public:
  ProbeListener(std::shared_ptr<Session> s, net::WebSocket* ws) : session_(std::move(s)), ws_(ws) {}
  void on_ws_message(std::string_view data, bool binary) override {
    asio::post(session_->strand_, [s = session_, ws = ws_, d = std::string(data), binary] {
      if (s->probe_.get() == ws) {
        s->on_probe_message(d, binary);
      } else if (s->ws_.get() == ws) {
        s->handle_packet(d, binary, true);  // upgraded: this socket is now the transport
      }
    });
  }
  void on_ws_closed() override {
    auto strand = session_->strand_;
    asio::post(strand, [s = std::move(session_), ws = ws_] {
      if (s->probe_.get() == ws) {
        s->abort_upgrade();
      } else if (s->ws_.get() == ws) {
        s->on_transport_closed("transport close");
      }
    });
  }

 private:
  std::shared_ptr<Session> session_;
  net::WebSocket* ws_;  // identity only; the session owns it
};

Session::Session(std::string id, Strand strand, const Options& options, Handshake handshake, Server& server)
    : id_(std::move(id)),
      strand_(std::move(strand)),
      options_(options),
      handshake_(std::move(handshake)),
      server_(server),
      ping_timer_(strand_),
      upgrade_timer_(strand_),
      hold_timer_(strand_) {}

Session::~Session() = default;

std::string credentials_of(const net::Fields& headers) {
  std::string out;
  for (const auto& [name, value] : headers) {
    if (name != "authorization") continue;
    out += value;
    out += '\n';  // cannot occur inside a header value: keeps two headers apart from one
  }
  return out;
}

bool Session::bind_identity(std::string_view identity) {
  if (!identity_) identity_.emplace(identity);
  return *identity_ == identity;
}

static std::string open_packet(const std::string& sid, bool can_upgrade, const Options& o) {
  // Exactly these five fields, in the order of the protocol document.
  return "0{\"sid\":\"" + sid + "\",\"upgrades\":" + (can_upgrade ? "[\"websocket\"]" : "[]") +
         ",\"pingInterval\":" + std::to_string(o.ping_interval.count()) +
         ",\"pingTimeout\":" + std::to_string(o.ping_timeout.count()) +
         ",\"maxPayload\":" + std::to_string(o.max_payload) + "}";
}

void Session::open_polling() {
  transport_ = Transport::polling;
  polling_queue_.push_back({std::make_shared<const std::string>(open_packet(id_, true, options_)), false});
  if (handler_) handler_->on_open();
  schedule_ping();
}

void Session::open_websocket(std::shared_ptr<net::WebSocket> ws) {
  transport_ = Transport::websocket;
  ws_ = std::move(ws);
  ws_->send(std::make_shared<const std::string>(open_packet(id_, false, options_)), false);
  ws_->start(std::make_shared<WsListener>(shared_from_this()));
  if (handler_) handler_->on_open();
  schedule_ping();
}

void Session::begin_upgrade(std::shared_ptr<net::WebSocket> ws) {
  if (closed_ || probe_ || transport_ != Transport::polling) {
    ws->close(1008, "upgrade not possible");
    return;
  }
  probe_ = std::move(ws);
  probed_ = false;
  probe_->start(std::make_shared<ProbeListener>(shared_from_this(), probe_.get()));
  upgrade_timer_.expires_after(options_.upgrade_timeout);
  upgrade_timer_.async_wait([self = shared_from_this(), probe = probe_.get()](const boost::system::error_code& ec) {
    if (!ec && self->probe_.get() == probe) self->abort_upgrade();
  });
}

void Session::on_probe_message(std::string_view data, bool binary) {
  auto packet = decode_frame(data, binary);
  if (packet && packet->type == PacketType::ping && packet->data == "probe") {
    probed_ = true;
    probe_->send(kPongProbe, false);
    // The client pauses polling before sending "5": a pending GET is released with a noop.
    answer_pending_get("6");
    return;
  }
  if (packet && packet->type == PacketType::upgrade && packet->data.empty() && probed_) {
    finish_upgrade();
    return;
  }
  // Anything else, "5" without a probe answered included, ends the attempt; polling goes on.
  abort_upgrade();
}

void Session::finish_upgrade() {
  upgrade_timer_.cancel();
  hold_timer_.cancel();
  ws_ = std::move(probe_);
  transport_ = Transport::websocket;
  probed_ = false;
  if (pending_get_) {
    // Held since it came after "3probe". A client sends "5" only once all its GETs are answered, so
    // this one was sent after the "5" (it only reached us first, through another I/O thread): it is
    // a poll of a session that now lives on the WebSocket (issue 12).
    get_held_ = false;
    auto h = std::move(*pending_get_);
    pending_get_.reset();
    complete_poll(h, {400, {}});
  }
  // What was queued for the next GET now goes over the WebSocket, in order.
  for (auto& q : polling_queue_) ws_->send(std::move(q.data), q.binary);
  polling_queue_.clear();
  polling_bytes_ = 0;
}

void Session::abort_upgrade() {
  if (!probe_) return;
  upgrade_timer_.cancel();
  probe_->close(1000, "upgrade aborted");
  probe_.reset();
  probed_ = false;
  if (get_held_) {
    // Polling goes on: the held GET becomes an ordinary long poll.
    get_held_ = false;
    hold_timer_.cancel();
    if (!polling_queue_.empty()) answer_pending_get(drain_payload());
  }
}

void Session::hold_get(PollHandler h) {
  // The client may have polled again just before it saw "3probe" (a legitimate GET it waits for
  // before sending "5"), or it sent "5" and then this GET, which overtook the "5" on another I/O
  // thread. Which one it is shows within a moment: a "5" now refuses it (finish_upgrade), otherwise
  // it gets its noop (or what was queued meanwhile) when the hold ends, like the reference server's
  // upgrade tick.
  pending_get_.emplace(std::move(h));
  get_held_ = true;
  hold_timer_.expires_after(options_.upgrade_poll_hold);
  hold_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (!ec) self->release_held_get();
  });
}

void Session::release_held_get() {
  if (!get_held_ || !pending_get_) return;
  get_held_ = false;
  answer_pending_get(polling_queue_.empty() ? std::string("6") : drain_payload());
}

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
  std::lock_guard lock(inbox_mutex_);
  // The send-queue limits hold here too, for a strand that is slow to drain (an overloaded thread).
  if (inbox_overflow_) return false;  // the due drain closes the session as too slow
  if (droppable && inbox_bytes_ > options_.send_queue_soft_bytes) {
    server_.count_dropped();
    return false;
  }
  if (inbox_bytes_ + encoded->size() > options_.send_queue_hard_bytes) {
    inbox_overflow_ = true;
  } else {
    inbox_.push_back({encoded, binary, droppable});
    inbox_bytes_ += encoded->size();
  }
  inbox_used_.store(true, std::memory_order_release);
  if (drain_due_) return false;
  drain_due_ = true;
  return true;
}

void Session::drain_inbox(bool scheduled) {
  std::vector<Pending> batch;
  bool overflow = false;
  {
    std::lock_guard lock(inbox_mutex_);
    // Only the drain that was scheduled clears the flag: an early drain (a send on the strand, below)
    // leaves the scheduled one due, so a push meanwhile needs no second post.
    if (scheduled) drain_due_ = false;
    inbox_used_.store(false, std::memory_order_relaxed);
    overflow = std::exchange(inbox_overflow_, false);
    inbox_bytes_ = 0;
    batch.swap(inbox_);
    inbox_.swap(inbox_spare_);  // a vector with capacity (or an empty one) for the next pushes
  }
  // enqueue_now may close the session and run handlers that send to it again: they find the inbox
  // empty (or newer), so nothing here is reordered.
  for (auto& p : batch) enqueue_now(std::move(p.data), p.binary, p.droppable);
  if (overflow && !closed_) {
    server_.count_slow();
    do_close("slow client", true);
  }
  batch.clear();
  if (batch.capacity() > 64) return;  // a burst: let it go rather than keep it per session
  std::lock_guard lock(inbox_mutex_);
  if (inbox_spare_.capacity() < batch.capacity()) inbox_spare_.swap(batch);
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
  if (inbox_used_.load(std::memory_order_acquire)) drain_inbox(false);
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

std::string Session::drain_payload() {
  std::string payload;
  for (const auto& q : polling_queue_) append_to_payload(payload, *q.data, q.binary);
  polling_queue_.clear();
  polling_bytes_ = 0;
  return payload;
}

void Session::complete_poll(PollHandler& h, PollReply reply) { h(std::move(reply)); }

void Session::answer_pending_get(std::string body) {
  if (!pending_get_) return;
  auto h = std::move(*pending_get_);
  pending_get_.reset();
  get_held_ = false;
  complete_poll(h, {200, std::move(body)});
}

void Session::on_poll(PollHandler h) {
  if (lingering_) {
    complete_poll(h, {200, drain_payload()});
    upgrade_timer_.cancel();
    end_linger();
    return;
  }
  if (closed_ || transport_ != Transport::polling) {
    complete_poll(h, {400, {}});
    return;
  }
  if (pending_get_) {
    // Two GETs at once: the client is confused. The first gets a close packet, the second a 400.
    complete_poll(h, {400, {}});
    do_close("transport error", true);
    return;
  }
  if (probed_) {
    hold_get(std::move(h));
    return;
  }
  if (!polling_queue_.empty()) {
    complete_poll(h, {200, drain_payload()});
    return;
  }
  pending_get_.emplace(std::move(h));
}

void Session::on_post(std::string_view body, PollHandler h) {
  if (closed_ || transport_ != Transport::polling) {
    complete_poll(h, {400, {}});
    return;
  }
  auto packets = decode_payload(body, options_.max_packets_per_payload);
  if (!packets) {
    complete_poll(h, {400, {}});
    do_close("parse error", false);
    return;
  }
  complete_poll(h, {200, "ok"});
  for (auto& p : *packets) {
    if (closed_) break;
    if (p.binary) {
      handle_packet(p.data, true, false);
    } else {
      const auto text = encode_text(p.type, p.data);
      handle_packet(text, false, false);
    }
  }
}

void Session::handle_packet(std::string_view data, bool binary, bool from_websocket) {
  if (closed_) return;
  if (binary) {
    if (handler_) handler_->on_message(data, true);
    return;
  }
  if (data.empty()) {
    do_close("parse error", false);
    return;
  }
  switch (static_cast<PacketType>(data[0])) {
    case PacketType::message:
      if (handler_) handler_->on_message(data.substr(1), false);
      return;
    case PacketType::pong:
      if (awaiting_pong_) {
        awaiting_pong_ = false;
        schedule_ping();
      }
      return;
    case PacketType::close:
      // The client is going away: a GET it still has pending is released with a noop; one it sent
      // along with the close but that reaches us after it gets the noop too (do_close's grace).
      if (pending_get_) {
        answer_pending_get("6");
        do_close("transport close", false);
      } else {
        do_close("transport close", false, !from_websocket && transport_ == Transport::polling);
      }
      return;
    case PacketType::ping:
      // In v4 only the server pings; a client ping is a protocol error.
    default:
      do_close("parse error", false);
      return;
  }
}

void Session::schedule_ping() {
  ping_timer_.expires_after(options_.ping_interval);
  ping_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (!ec) self->on_ping_timer();
  });
}

void Session::on_ping_timer() {
  if (closed_) return;
  if (awaiting_pong_) {
    do_close("ping timeout", false);
    return;
  }
  awaiting_pong_ = true;
  enqueue(kPing, false, false);
  if (closed_) return;
  ping_timer_.expires_after(options_.ping_timeout);
  ping_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (!ec) self->on_ping_timer();
  });
}

void Session::on_transport_closed(const std::string& reason) {
  if (!closed_) do_close(reason, false);
}

void Session::close(std::string reason, bool send_close_packet) {
  asio::dispatch(strand_, [self = shared_from_this(), r = std::move(reason), send_close_packet]() mutable {
    // What was sent before the close still goes out ahead of it.
    if (self->inbox_used_.load(std::memory_order_acquire)) self->drain_inbox(false);
    if (!self->closed_) self->do_close(r, send_close_packet);
  });
}

void Session::do_close(const std::string& reason, bool send_close_packet, bool grace_noop) {
  if (closed_) return;
  closed_ = true;
  ping_timer_.cancel();
  upgrade_timer_.cancel();
  hold_timer_.cancel();
  if (probe_) {
    probe_->close(1000, "session closed");
    probe_.reset();
  }
  if (ws_) {
    if (send_close_packet) ws_->send(std::make_shared<const std::string>("1"), false);
    ws_->close(1000, reason);
    ws_.reset();
  }
  if ((send_close_packet || grace_noop) && transport_ == Transport::polling && !pending_get_) {
    // Nobody is polling right now. Server close: keep what is queued (a DISCONNECT, say) and the
    // close packet for the next GET, for at most one ping timeout. Client close: the next GET,
    // within the grace, is the one sent along with the close and gets the noop it would have had.
    if (send_close_packet) {
      polling_queue_.push_back({std::make_shared<const std::string>("1"), false});
    } else {
      polling_queue_.clear();
      polling_queue_.push_back({kNoop, false});
    }
    lingering_ = true;
    upgrade_timer_.expires_after(send_close_packet ? options_.ping_timeout : options_.close_grace);
    upgrade_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) self->end_linger();
    });
  } else {
    if (pending_get_) {
      polling_queue_.push_back({std::make_shared<const std::string>("1"), false});
      answer_pending_get(drain_payload());
    }
    polling_queue_.clear();
    polling_bytes_ = 0;
    server_.remove(*this);
  }
  if (auto h = std::move(handler_)) h->on_close(reason);
}

void Session::end_linger() {
  if (!lingering_) return;
  lingering_ = false;
  polling_queue_.clear();
  polling_bytes_ = 0;
  server_.remove(*this);
}

}  // namespace tc::realtime::engineio
