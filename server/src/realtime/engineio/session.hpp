#pragma once
// One Engine.IO session: its transport (long-polling, WebSocket, or polling being upgraded), its send
// queue and its heartbeat. All state lives on the session's strand; the public methods are thread-safe.
// Implemented in session.cpp (life: open, packets, heartbeat, close), session_send.cpp (the send path
// and fan-out drains), session_polling.cpp (GET/POST), session_upgrade.cpp (probe and upgrade);
// session_inbox.hpp holds the thread-safe inbox that messages from other threads wait in.
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>
#include <atomic>
#include <string>
#include <string_view>

#include "net/http_message.hpp"
#include "net/websocket.hpp"
#include "realtime/engineio/options.hpp"
#include "realtime/engineio/session_inbox.hpp"

namespace tc::realtime::engineio {

using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;

// What the layer above (Socket.IO) is told about its session; called on the session's strand.
class SessionHandler {
 public:
  virtual ~SessionHandler() = default;
  virtual void on_open() = 0;
  virtual void on_message(std::string_view data, bool binary) = 0;
  virtual void on_close(std::string_view reason) = 0;
};

// What the handshake carried, for authentication and logs.
struct Handshake {
  std::string remote_ip;
  net::Fields headers;  // lower-case names
  net::Fields query;
};

// The transport credentials of a request: every Authorization header, in order. A session's later
// requests must present exactly those of its handshake (none when it had none).
std::string credentials_of(const net::Fields& headers);

class Server;

class Session : public std::enable_shared_from_this<Session> {
 public:
  enum class Transport { polling, websocket };

  Session(std::string id, Strand strand, const Options& options, Handshake handshake, Server& server);
  ~Session();

  const std::string& id() const { return id_; }
  const Strand& strand() const { return strand_; }
  const Handshake& handshake() const { return handshake_; }
  const Options& options() const { return options_; }

  // Thread-safe. Queues one message packet; `encoded` is "4<text>" for text or the raw bytes for
  // binary. A droppable packet (counts, reactions) is discarded when the client is behind.
  void send(net::SharedBytes encoded, bool binary, bool droppable = false);
  // Thread-safe. Server-side close, with a close packet unless the transport failed.
  void close(std::string reason, bool send_close_packet = true);
  // Thread-safe. A polling POST for this session has its header in (true) and holds the session's
  // only POST slot until post_body_done(); false when another POST's body is still arriving.
  bool post_body_started() { return !post_in_flight_.exchange(true); }
  void post_body_done() { post_in_flight_.store(false); }

  // Thread-safe, for fan-out (see drain_all): queues one message in this session's inbox, behind
  // everything sent to it before, without touching the strand. True when the caller must run
  // drain_inbox() on the strand; false when a drain is already due.
  bool push_inbox(const net::SharedBytes& encoded, bool binary, bool droppable);
  // On the strand: moves the inbox into the transport, in order.
  void drain_inbox(bool scheduled);
  // Thread-safe, approximate.
  size_t queued_bytes() const;

  // ---- for the Server (on the strand unless said otherwise)
  void set_handler(std::shared_ptr<SessionHandler> handler) { handler_ = std::move(handler); }
  void open_polling();
  void open_websocket(std::shared_ptr<net::WebSocket> ws);
  void begin_upgrade(std::shared_ptr<net::WebSocket> ws);
  Transport transport() const { return transport_; }
  bool upgrading() const { return probe_ != nullptr; }
  bool closed() const { return closed_; }
  // On the strand. The identity the layer above authenticated this session as (a user id): the
  // first one binds it; true for it again, false for any other (that CONNECT is refused).
  bool bind_identity(std::string_view identity);

  struct PollReply {
    int status = 200;
    std::string body;
  };
  // A long-polling GET: completes with the queued packets, or when something arrives, the session
  // closes ("1") or is upgraded ("6"). Completion runs on the caller's executor.
  template <class Token>
  auto async_poll(Token&& token) {
    return boost::asio::async_initiate<Token, void(PollReply)>(
        [self = shared_from_this()](auto handler) mutable {
          boost::asio::dispatch(self->strand_,
                                [self, h = std::move(handler)]() mutable { self->on_poll(self->wrap(std::move(h))); });
        },
        token);
  }
  // A polling POST body, already size-checked. Returns the HTTP status to answer.
  template <class Token>
  auto async_post(std::string body, Token&& token) {
    return boost::asio::async_initiate<Token, void(PollReply)>(
        [self = shared_from_this(), b = std::move(body)](auto handler) mutable {
          boost::asio::dispatch(self->strand_, [self, b = std::move(b), h = std::move(handler)]() mutable {
            self->on_post(b, self->wrap(std::move(h)));
          });
        },
        token);
  }

 private:
  // A completion that always runs on the waiting request's own executor, whoever calls it.
  using PollHandler = std::function<void(PollReply)>;
  template <class Handler>
  PollHandler wrap(Handler h) {
    auto ex = boost::asio::get_associated_executor(h, strand_);
    auto held = std::make_shared<Handler>(std::move(h));
    return [ex, held](PollReply r) {
      boost::asio::post(ex, [held, r = std::move(r)]() mutable { std::move (*held)(std::move(r)); });
    };
  }
  class WsListener;
  class ProbeListener;
  friend class WsListener;
  friend class ProbeListener;

  void on_poll(PollHandler h);
  void on_post(std::string_view body, PollHandler h);
  void complete_poll(PollHandler& h, PollReply reply);
  void answer_pending_get(std::string body);
  void enqueue(net::SharedBytes encoded, bool binary, bool droppable);  // drains the inbox first
  void enqueue_now(net::SharedBytes encoded, bool binary, bool droppable);
  void handle_packet(std::string_view data, bool binary, bool from_websocket);
  void on_probe_message(std::string_view data, bool binary);
  void hold_get(PollHandler h);
  void release_held_get();
  void finish_upgrade();
  void abort_upgrade();
  void schedule_ping();
  void on_ping_timer();
  void on_transport_closed(const std::string& reason);
  // `grace_noop`: the client closed over polling; a GET racing the close still gets a noop.
  void do_close(const std::string& reason, bool send_close_packet, bool grace_noop = false);
  void end_linger();
  std::string drain_payload();

  struct Queued {
    net::SharedBytes data;
    bool binary;
  };

  const std::string id_;
  Strand strand_;
  const Options& options_;  // borrowed from the Server
  Handshake handshake_;
  Server& server_;  // borrowed, outlives every session
  std::shared_ptr<SessionHandler> handler_;

  // Everything below: strand only.
  Transport transport_ = Transport::polling;
  std::shared_ptr<net::WebSocket> ws_;     // when transport_ is websocket
  std::shared_ptr<net::WebSocket> probe_;  // the WebSocket being upgraded to
  std::deque<Queued> polling_queue_;       // packets for the next GET
  std::optional<PollHandler> pending_get_;
  boost::asio::steady_timer ping_timer_;
  boost::asio::steady_timer upgrade_timer_;
  boost::asio::steady_timer hold_timer_;  // a GET held during the upgrade (Options::upgrade_poll_hold)
  bool probed_ = false;                   // "3probe" sent on probe_: the client is pausing its polling
  bool get_held_ = false;                 // pending_get_ arrived after "3probe" (see hold_get)
  std::optional<std::string> identity_;   // see bind_identity
  bool awaiting_pong_ = false;
  bool closed_ = false;
  bool lingering_ = false;  // closed, waiting for one last GET to take the close packet
  std::atomic<size_t> polling_bytes_{0};
  std::atomic<bool> post_in_flight_{false};

  SessionInbox inbox_;  // thread-safe: messages from off the strand, in order (see session_inbox.hpp)
};

// Fan-out (a room broadcast): `due` are the sessions whose push_inbox() returned true. Their drains
// run on their strands from at most Options::io_threads posts (one per I/O thread) instead of one
// post each.
void drain_all(std::vector<std::shared_ptr<Session>> due);

}  // namespace tc::realtime::engineio
