// Server-side WebSocket connections over a plain TCP socket, with our own framing
// (net/websocket_frame.hpp) rather than Beast's stream, for two reasons measured in the fan-out
// benchmark: queued messages leave in one writev (Beast writes one message per operation), and an
// idle connection holds no read buffer (it waits for readability, then reads into a per-thread buffer).
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <atomic>
#include <deque>

#include "net/websocket_accept.hpp"
#include "net/websocket_frame.hpp"

namespace tc::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr size_t kMaxBatchMessages = 128;                // messages in one writev
constexpr size_t kMaxBatchBytes = 256 * 1024;            // bytes in one writev
constexpr auto kCloseTimeout = std::chrono::seconds(5);  // a peer that never answers our close frame
// After we refused what a peer sent (1002, 1007, 1008, 1009) it may still be sending: read and drop
// up to this much, so our close frame reaches it instead of a reset.
constexpr size_t kDiscardLimit = 16 << 20;
// Pings answered: a burst, then a steady rate; a peer pinging faster is closed with 1008.
constexpr double kPingBurst = 50;
constexpr double kPingsPerSecond = 10;
constexpr uint16_t kPolicyViolation = 1008;

// Everything but send()/close()/queued_bytes() runs on the socket's strand.
class TcpWebSocket final : public WebSocket, public std::enable_shared_from_this<TcpWebSocket> {
 public:
  TcpWebSocket(tcp::socket socket, std::string ip, size_t max_message, core::Gauge& open)
      : socket_(std::move(socket)),
        ip_(std::move(ip)),
        decoder_(max_message),
        close_timer_(socket_.get_executor()),
        open_(open) {
    open_.add(1);
    boost::system::error_code ignored;
    socket_.non_blocking(true, ignored);
    socket_.set_option(tcp::no_delay(true), ignored);
  }
  ~TcpWebSocket() override { open_.add(-1); }

  asio::any_io_executor executor() const override { return const_cast<TcpWebSocket*>(this)->socket_.get_executor(); }
  const std::string& remote_ip() const override { return ip_; }
  size_t queued_bytes() const override { return queued_.load(std::memory_order_relaxed); }

  void start(std::shared_ptr<Listener> listener) override {
    asio::dispatch(socket_.get_executor(), [self = shared_from_this(), l = std::move(listener)]() mutable {
      self->listener_ = std::move(l);
      self->wait_readable();
    });
  }

  void send(SharedBytes data, bool binary) override {
    queued_.fetch_add(data->size(), std::memory_order_relaxed);
    if (on_strand()) {
      enqueue({std::move(data), binary ? WsOpcode::binary : WsOpcode::text});
      return;
    }
    asio::post(socket_.get_executor(), [self = shared_from_this(), d = std::move(data), binary]() mutable {
      self->enqueue({std::move(d), binary ? WsOpcode::binary : WsOpcode::text});
    });
  }

  void close(uint16_t code, std::string reason) override {
    asio::dispatch(socket_.get_executor(),
                   [self = shared_from_this(), code, r = std::move(reason)]() mutable { self->start_close(code, r); });
  }

 private:
  struct Outgoing {
    SharedBytes data;
    WsOpcode opcode;
  };

  bool on_strand() {
    const auto* s = socket_.get_executor().target<asio::strand<asio::io_context::executor_type>>();
    return s && s->running_in_this_thread();
  }

  void enqueue(Outgoing o) {
    if (close_queued_ || finished_) {
      queued_.fetch_sub(o.data->size(), std::memory_order_relaxed);
      return;
    }
    queue_.push_back(std::move(o));
    if (!writing_) do_write();
  }

  // ---- reading
  void wait_readable() {
    socket_.async_wait(tcp::socket::wait_read,
                       [self = shared_from_this()](const boost::system::error_code& ec) { self->on_readable(ec); });
  }

  void on_readable(const boost::system::error_code& ec) {
    if (ec) return finish();
    // One buffer per I/O thread: an idle connection keeps none of its own.
    thread_local std::array<char, 64 * 1024> scratch;
    for (int rounds = 0; rounds < 4; ++rounds) {
      boost::system::error_code rec;
      const size_t n = socket_.read_some(asio::buffer(scratch), rec);
      if (rec == asio::error::would_block) break;
      if (rec) return finish();
      if (discarding_) {
        discarded_ += n;
        if (discarded_ > kDiscardLimit) return finish();
        continue;
      }
      events_.clear();
      decoder_.feed(std::string_view(scratch.data(), n), events_);
      for (auto& e : events_) {
        if (!handle(e)) {
          if (discarding_ && !finished_) wait_readable();  // drop what the peer still sends
          return;
        }
      }
      if (n < scratch.size()) break;
    }
    decoder_.shrink();
    if (!finished_ && !read_closed_) wait_readable();
  }

  // False when reading must stop.
  bool handle(WsEvent& e) {
    switch (e.kind) {
      case WsEvent::Kind::message:
        if (listener_ && !close_queued_) listener_->on_ws_message(e.payload, e.binary);
        return !finished_;
      case WsEvent::Kind::ping:
        if (!take_ping()) {
          refuse(kPolicyViolation, "too many pings");
          return false;
        }
        if (!close_queued_) enqueue_control(WsOpcode::pong, std::move(e.payload));
        return true;
      case WsEvent::Kind::pong:
        return true;
      case WsEvent::Kind::close:
        read_closed_ = true;
        // Answer with the same code (none for 1005), then end once it is written.
        start_close(e.close_code == 1005 ? 0 : e.close_code, {});
        return false;
      case WsEvent::Kind::error:
        refuse(e.close_code, e.payload);
        return false;
    }
    return false;
  }

  // Closes with `code` for something the peer sent, then drops what it still sends (see kDiscardLimit).
  void refuse(uint16_t code, const std::string& reason) {
    discarding_ = true;
    start_close(code, reason);
  }

  // A token bucket of answered pings (strand only).
  bool take_ping() {
    const auto now = std::chrono::steady_clock::now();
    ping_tokens_ = std::min(kPingBurst,
                            ping_tokens_ + kPingsPerSecond * std::chrono::duration<double>(now - ping_refill_).count());
    ping_refill_ = now;
    if (ping_tokens_ < 1) return false;
    ping_tokens_ -= 1;
    return true;
  }

  // ---- writing
  void enqueue_control(WsOpcode op, std::string payload) {
    queued_.fetch_add(payload.size(), std::memory_order_relaxed);
    queue_.push_back({std::make_shared<const std::string>(std::move(payload)), op});
    if (!writing_) do_write();
  }

  void start_close(uint16_t code, const std::string& reason) {
    if (close_queued_ || finished_) return;
    std::string payload;
    if (code != 0) {
      payload += static_cast<char>(code >> 8);
      payload += static_cast<char>(code & 0xff);
      payload += reason.substr(0, 123);
    }
    enqueue_control(WsOpcode::close, std::move(payload));
    close_queued_ = true;
  }

  void do_write() {
    writing_ = true;
    inflight_.clear();
    buffers_.clear();
    size_t bytes = 0;
    while (!queue_.empty() && inflight_.size() < kMaxBatchMessages && bytes < kMaxBatchBytes) {
      inflight_.push_back(std::move(queue_.front()));
      queue_.pop_front();
      bytes += inflight_.back().data->size();
    }
    headers_.resize(inflight_.size());
    for (size_t i = 0; i < inflight_.size(); ++i) {
      const auto& o = inflight_[i];
      const size_t h = ws_frame_header(headers_[i].data(), o.opcode, o.data->size());
      buffers_.emplace_back(headers_[i].data(), h);
      if (!o.data->empty()) buffers_.emplace_back(o.data->data(), o.data->size());
    }
    asio::async_write(socket_, buffers_,
                      [self = shared_from_this()](const boost::system::error_code& ec, size_t) { self->on_write(ec); });
  }

  void on_write(const boost::system::error_code& ec) {
    bool sent_close = false;
    for (const auto& o : inflight_) {
      queued_.fetch_sub(o.data->size(), std::memory_order_relaxed);
      sent_close = sent_close || o.opcode == WsOpcode::close;
    }
    inflight_.clear();
    writing_ = false;
    if (ec) {
      queue_.clear();
      return finish();
    }
    if (sent_close) {
      // Our close frame is out: nothing more to write. Wait for the peer's close (or EOF), bounded.
      for (const auto& o : queue_) queued_.fetch_sub(o.data->size(), std::memory_order_relaxed);
      queue_.clear();
      boost::system::error_code ignored;
      socket_.shutdown(tcp::socket::shutdown_send, ignored);
      if (read_closed_) return finish();
      close_timer_.expires_after(kCloseTimeout);
      close_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& e) {
        if (!e) self->finish();
      });
      return;
    }
    if (!queue_.empty()) do_write();
  }

  void finish() {
    if (finished_) return;
    finished_ = true;
    close_queued_ = true;
    close_timer_.cancel();
    boost::system::error_code ignored;
    socket_.close(ignored);
    if (auto l = std::move(listener_)) l->on_ws_closed();
  }

  tcp::socket socket_;
  std::string ip_;
  WsFrameDecoder decoder_;
  std::vector<WsEvent> events_;  // reused between reads
  asio::steady_timer close_timer_;
  core::Gauge& open_;  // borrowed, outlives every connection
  std::shared_ptr<Listener> listener_;
  std::deque<Outgoing> queue_;  // strand only; bounded by the layer above through queued_bytes()
  std::vector<Outgoing> inflight_;
  std::vector<std::array<uint8_t, 10>> headers_;
  std::vector<asio::const_buffer> buffers_;
  std::atomic<size_t> queued_{0};
  bool writing_ = false;
  bool close_queued_ = false;  // our close frame is queued or sent: nothing else goes out
  bool read_closed_ = false;   // the peer's close frame (or a protocol error) ended reading
  bool finished_ = false;
  bool discarding_ = false;  // we refused the peer's input: its further bytes are dropped unread
  size_t discarded_ = 0;
  double ping_tokens_ = kPingBurst;
  std::chrono::steady_clock::time_point ping_refill_ = std::chrono::steady_clock::now();
};

}  // namespace

asio::awaitable<std::shared_ptr<WebSocket>> accept_websocket(beast::tcp_stream stream,
                                                             const http::request<http::string_body>& req,
                                                             size_t max_message, std::string remote_ip,
                                                             core::MetricsRegistry& metrics) {
  auto& open = metrics.gauge("tradecast_ws_open_connections", "Open WebSocket connections");
  const auto key = req[http::field::sec_websocket_key];
  const auto version = req[http::field::sec_websocket_version];
  const bool ok = req.method() == http::verb::get && ws_client_key_valid(key) && version == "13";
  http::response<http::string_body> res{ok ? http::status::switching_protocols : http::status::bad_request,
                                        req.version()};
  res.set(http::field::server, "tradecast");
  if (ok) {
    res.set(http::field::upgrade, "websocket");
    res.set(http::field::connection, "Upgrade");
    res.set(http::field::sec_websocket_accept, ws_accept_key(key));
  } else {
    res.set(http::field::sec_websocket_version, "13");
    res.set(http::field::content_type, "application/json");
    res.body() = R"({"error":{"code":"bad_websocket_handshake","message":"Not a WebSocket version 13 handshake"}})";
    res.prepare_payload();
  }
  stream.expires_after(std::chrono::seconds(10));
  auto [ec, n] = co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
  if (ec || !ok) co_return nullptr;
  stream.expires_never();
  co_return std::make_shared<TcpWebSocket>(stream.release_socket(), std::move(remote_ip), max_message, open);
}

}  // namespace tc::net
