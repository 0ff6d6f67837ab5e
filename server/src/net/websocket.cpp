#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <atomic>
#include <deque>

#include "core/logging.hpp"
#include "net/websocket_accept.hpp"

namespace tc::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {

// One connection. Everything but send()/close()/queued_bytes() runs on the stream's strand.
// Reads are a callback chain (not a coroutine) to keep an idle connection small.
class BeastWebSocket final : public WebSocket, public std::enable_shared_from_this<BeastWebSocket> {
 public:
  BeastWebSocket(websocket::stream<beast::tcp_stream> ws, std::string ip, core::Gauge& open)
      : ws_(std::move(ws)), ip_(std::move(ip)), open_(open) {
    open_.add(1);
  }
  ~BeastWebSocket() override { open_.add(-1); }

  asio::any_io_executor executor() const override { return const_cast<BeastWebSocket*>(this)->ws_.get_executor(); }
  const std::string& remote_ip() const override { return ip_; }
  size_t queued_bytes() const override { return queued_.load(std::memory_order_relaxed); }

  void start(std::shared_ptr<Listener> listener) override {
    asio::dispatch(ws_.get_executor(), [self = shared_from_this(), l = std::move(listener)]() mutable {
      self->listener_ = std::move(l);
      self->do_read();
    });
  }

  void send(SharedBytes data, bool binary) override {
    queued_.fetch_add(data->size(), std::memory_order_relaxed);
    auto ex = ws_.get_executor();
    if (const auto* strand = ex.target<asio::strand<asio::io_context::executor_type>>();
        strand && strand->running_in_this_thread()) {
      enqueue(std::move(data), binary);
      return;
    }
    asio::post(ex, [self = shared_from_this(), d = std::move(data), binary]() mutable {
      self->enqueue(std::move(d), binary);
    });
  }

  void close(uint16_t code, std::string reason) override {
    asio::dispatch(ws_.get_executor(), [self = shared_from_this(), code, r = std::move(reason)]() mutable {
      if (self->closing_) return;
      self->closing_ = true;
      self->close_reason_ = websocket::close_reason(static_cast<websocket::close_code>(code), r);
      if (!self->writing_) self->do_close();
    });
  }

 private:
  void enqueue(SharedBytes data, bool binary) {
    if (closing_ || finished_) {
      queued_.fetch_sub(data->size(), std::memory_order_relaxed);
      return;
    }
    queue_.push_back({std::move(data), binary});
    if (!writing_) do_write();
  }

  void do_read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, size_t n) { self->on_read(ec, n); });
  }

  void on_read(beast::error_code ec, size_t) {
    if (ec) {
      finish();
      return;
    }
    if (listener_) {
      const auto data = buffer_.cdata();
      listener_->on_ws_message(std::string_view(static_cast<const char*>(data.data()), data.size()), ws_.got_binary());
    }
    buffer_.consume(buffer_.size());
    // An idle connection keeps no read buffer: a burst's buffer is released rather than kept.
    if (buffer_.capacity() > 16 * 1024) buffer_.shrink_to_fit();
    if (!finished_) do_read();
  }

  void do_write() {
    writing_ = true;
    auto& front = queue_.front();
    ws_.binary(front.binary);
    ws_.async_write(asio::buffer(*front.data),
                    [self = shared_from_this()](beast::error_code ec, size_t) { self->on_write(ec); });
  }

  void on_write(beast::error_code ec) {
    queued_.fetch_sub(queue_.front().data->size(), std::memory_order_relaxed);
    queue_.pop_front();
    writing_ = false;
    if (ec) {
      drop_queue();
      beast::error_code ignored;
      beast::get_lowest_layer(ws_).socket().close(ignored);  // the read side then ends and calls finish()
      return;
    }
    if (!queue_.empty()) {
      do_write();
    } else if (closing_) {
      do_close();
    }
  }

  void do_close() {
    drop_queue();
    // A peer that never answers the close frame is cut off after this.
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(5));
    ws_.async_close(close_reason_, [self = shared_from_this()](beast::error_code) {
      beast::error_code ignored;
      beast::get_lowest_layer(self->ws_).socket().close(ignored);
    });
  }

  void drop_queue() {
    for (auto& q : queue_) queued_.fetch_sub(q.data->size(), std::memory_order_relaxed);
    // Keep the entry being written: Beast still reads from it.
    while (queue_.size() > (writing_ ? 1u : 0u)) queue_.pop_back();
    if (writing_) queued_.fetch_add(queue_.front().data->size(), std::memory_order_relaxed);
  }

  void finish() {
    if (finished_) return;
    finished_ = true;
    if (!closing_) {
      closing_ = true;
      beast::error_code ignored;
      beast::get_lowest_layer(ws_).socket().close(ignored);
    }
    if (auto l = std::move(listener_)) l->on_ws_closed();
  }

  struct Outgoing {
    SharedBytes data;
    bool binary;
  };

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::string ip_;
  core::Gauge& open_;  // borrowed, outlives every connection
  std::shared_ptr<Listener> listener_;
  std::deque<Outgoing> queue_;  // strand only; bounded by the layer above through queued_bytes()
  std::atomic<size_t> queued_{0};
  bool writing_ = false;
  bool closing_ = false;
  bool finished_ = false;
  websocket::close_reason close_reason_;
};

}  // namespace

asio::awaitable<std::shared_ptr<WebSocket>> accept_websocket(
    beast::tcp_stream stream, const beast::http::request<beast::http::string_body>& req, size_t max_message,
    std::string remote_ip, core::MetricsRegistry& metrics) {
  auto& open = metrics.gauge("tradecast_ws_open_connections", "Open WebSocket connections");
  websocket::stream<beast::tcp_stream> ws(std::move(stream));
  beast::get_lowest_layer(ws).expires_never();
  websocket::stream_base::timeout t{};
  t.handshake_timeout = std::chrono::seconds(10);
  t.idle_timeout = websocket::stream_base::none();  // the protocol above runs its own heartbeat
  t.keep_alive_pings = false;
  ws.set_option(t);
  ws.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(beast::http::field::server, "tradecast"); }));
  ws.read_message_max(max_message);
  ws.auto_fragment(false);
  auto [ec] = co_await ws.async_accept(req, asio::as_tuple(asio::use_awaitable));
  if (ec) co_return nullptr;
  co_return std::make_shared<BeastWebSocket>(std::move(ws), std::move(remote_ip), open);
}

}  // namespace tc::net
