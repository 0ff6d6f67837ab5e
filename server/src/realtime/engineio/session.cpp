// Session: its life (open, the packets it is sent, the heartbeat, close and the lingering close).
#include "realtime/engineio/session.hpp"

#include <boost/asio/post.hpp>

#include <utility>

#include "realtime/engineio/packet.hpp"
#include "realtime/engineio/server.hpp"

namespace tc::realtime::engineio {
namespace asio = boost::asio;

namespace {
const net::SharedBytes kPing = std::make_shared<const std::string>("2");
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

Session::Session(std::string id, Strand strand, const Options& options, Handshake handshake, Server& server)
    : id_(std::move(id)),
      strand_(std::move(strand)),
      options_(options),
      handshake_(std::move(handshake)),
      server_(server),
      ping_timer_(strand_),
      upgrade_timer_(strand_),
      hold_timer_(strand_),
      inbox_(options.send_queue_soft_bytes, options.send_queue_hard_bytes) {}

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
    if (self->inbox_.used()) self->drain_inbox(false);
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
