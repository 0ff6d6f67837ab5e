// Session: the upgrade from polling to WebSocket (on the strand). The probe socket answers "2probe"
// with "3probe"; "5" after that makes it the transport; anything else, or the upgrade timeout, ends
// the attempt and polling goes on. A GET that arrives after "3probe" is held a moment (hold_get), so
// that a "5" overtaken by it on another I/O thread still refuses it (issue 12).
#include <boost/asio/post.hpp>

#include <utility>

#include "realtime/engineio/packet.hpp"
#include "realtime/engineio/session.hpp"

namespace tc::realtime::engineio {
namespace asio = boost::asio;

namespace {
const net::SharedBytes kPongProbe = std::make_shared<const std::string>("3probe");
}  // namespace

// Frames of a WebSocket that is probing for an upgrade, forwarded to the session's strand.
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

}  // namespace tc::realtime::engineio
