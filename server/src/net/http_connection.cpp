#include "net/http_connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "net/beast_request.hpp"
#include "net/http_response_writer.hpp"
#include "net/http_server_context.hpp"
#include "net/request_body.hpp"
#include "net/websocket_accept.hpp"

namespace tc::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using Parser = http::request_parser<http::string_body>;

namespace {
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr size_t kFirstRead = 4096;  // the first read of a request's head

size_t field_count(const BeastRequest& req) { return static_cast<size_t>(std::distance(req.begin(), req.end())); }

bool is_quiet(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::operation_aborted || ec == beast::error::timeout ||
         ec == asio::error::connection_reset || ec == asio::error::eof || ec == asio::error::bad_descriptor;
}

bool is_parse_error(const beast::error_code& ec) {
  return ec.category() == make_error_code(http::error::bad_method).category();
}

// Registers the connection for the listener's graceful stop, and counts it, for its lifetime.
class Registration {
 public:
  Registration(HttpServerContext& ctx, beast::tcp_stream& stream)
      : ctx_(ctx), handle_(std::make_shared<ConnectionHandle>()) {
    handle_->stream = &stream;
    handle_->executor = stream.get_executor();
    ctx_.connections.add(handle_);
    ctx_.open_gauge.set(static_cast<int64_t>(++ctx_.open));
  }
  ~Registration() {
    handle_->stream = nullptr;
    ctx_.connections.remove(handle_);
    ctx_.open_gauge.set(static_cast<int64_t>(--ctx_.open));
  }
  Registration(const Registration&) = delete;
  Registration& operator=(const Registration&) = delete;
  ConnectionHandle& handle() { return *handle_; }

 private:
  HttpServerContext& ctx_;
  std::shared_ptr<ConnectionHandle> handle_;
};

// The route's handler, the 405 of a path that exists with other methods, or the fallback.
awaitable<HttpResponse> dispatch(HttpServerContext& ctx, HttpRequest& req, const Router::Match& m) {
  try {
    if (m.route) {
      req.params = m.params;
      co_return co_await m.route->handler(req);
    }
    if (!m.allow.empty()) {
      auto r = HttpResponse::error(405, "method_not_allowed", "Method not allowed on this path");
      r.with_header("Allow", m.allow);
      co_return r;
    }
    if (ctx.router.fallback()) co_return co_await ctx.router.fallback()(req);
    co_return HttpResponse::error(404, "not_found", "No such endpoint");
  } catch (const std::exception& e) {
    // Handlers turn their failures into replies; reaching this is a bug.
    ctx.log->error("msg=\"unhandled exception\" req={} path={} error=\"{}\"", req.request_id, req.path, e.what());
    co_return HttpResponse::error(500, "internal", "Internal server error");
  }
}

void record(HttpServerContext& ctx, const std::string& method, const std::string& path, const Router::Match& match,
            const HttpRequest& req, int status, std::chrono::steady_clock::time_point start) {
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::string route = match.route ? match.route->name : (match.allow.empty() ? "other" : "405");
  ctx.metrics
      .counter("tradecast_http_requests_total", "HTTP requests by route and status",
               {{"method", method}, {"route", route}, {"status", std::to_string(status)}})
      .inc();
  ctx.metrics
      .histogram("tradecast_http_request_duration_seconds", "HTTP request latency by route", core::latency_buckets(),
                 {{"route", route}})
      .observe(secs);
  if (status >= 500) {
    ctx.log->warn("msg=request req={} ip={} method={} path={} status={} ms={:.1f}", req.request_id, req.remote_ip,
                  method, path, status, secs * 1000);
  } else {
    ctx.log->debug("msg=request req={} ip={} method={} path={} status={} ms={:.1f}", req.request_id, req.remote_ip,
                   method, path, status, secs * 1000);
  }
}

class HttpConnection {
 public:
  HttpConnection(HttpServerContext& ctx, tcp::socket socket)
      : ctx_(ctx), ip_(remote_ip(socket)), stream_(std::move(socket)), registration_(ctx, stream_) {}

  awaitable<void> run() {
    const bool linger = co_await request_loop();
    if (!stream_released_) {
      if (linger) co_await linger_close(ctx_, stream_);
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      stream_.socket().close(ignored);
    }
  }

 private:
  enum class Next { keep_alive, close, linger };

  static std::string remote_ip(const tcp::socket& socket) {
    beast::error_code ec;
    return socket.remote_endpoint(ec).address().to_string();
  }

  // True when the connection must end with a lingering close (a body left unread).
  awaitable<bool> request_loop() {
    for (;;) {
      if (ctx_.stopping) co_return false;
      Parser parser;
      if (!co_await read_header(parser)) co_return false;
      registration_.handle().busy = true;
      const Next next = co_await serve_request(parser);
      registration_.handle().busy = false;
      if (next == Next::close) co_return false;
      if (next == Next::linger) co_return true;
    }
  }

  // False when the connection must close (EOF, timeout, a malformed request, answered here).
  awaitable<bool> read_header(Parser& parser) {
    parser.header_limit(static_cast<uint32_t>(ctx_.opts.header_limit));
    // No limit while reading the header: Beast would otherwise reject any Content-Length above
    // its 1 MiB default as a parse error. The route's limit is applied once the header is known.
    parser.body_limit(boost::none);
    // Waiting for a request is the idle timeout; once its first byte is in, the whole head must
    // follow within the header deadline (a client dripping header bytes is cut off there).
    if (buffer_.size() == 0) {
      stream_.expires_after(ctx_.opts.idle_timeout);
      auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kFirstRead), use_tuple);
      if (ec) co_return false;
      buffer_.commit(n);
    }
    stream_.expires_after(ctx_.opts.header_timeout);
    auto [ec, n] = co_await http::async_read_header(stream_, buffer_, parser, use_tuple);
    if (!ec) {
      if (field_count(parser.get()) <= ctx_.opts.max_headers) co_return true;
      ctx_.log->debug("msg=\"too many header fields\" ip={}", ip_);
      co_await write_malformed(stream_, 431);
      co_return false;
    }
    if (!is_quiet(ec) && ec != http::error::header_limit) {
      ctx_.log->debug("msg=\"bad request\" ip={} error=\"{}\"", ip_, ec.message());
    }
    // A malformed request (Beast's parse errors) gets a 400 before the close; I/O errors just close.
    if (is_parse_error(ec) && !is_quiet(ec)) {
      co_await write_malformed(stream_, ec == http::error::header_limit ? 431 : 400);
    }
    co_return false;
  }

  ResponseContext response_context(const BeastRequest& req, const std::string& request_id, bool keep_alive) const {
    ResponseContext rc;
    rc.version = req.version();
    rc.head = req.method() == http::verb::head;
    if (auto it = req.find(http::field::range); it != req.end()) rc.range = std::string(it->value());
    rc.request_id = request_id;
    rc.cors = ctx_.cors.response_headers(allowed_origin(req));
    rc.keep_alive = keep_alive;
    rc.timeout = ctx_.opts.read_timeout;
    return rc;
  }

  std::string allowed_origin(const BeastRequest& req) const {
    const auto it = req.find(http::field::origin);
    if (it == req.end()) return {};
    const std::string origin(it->value());
    return ctx_.cors.allowed_origin(&origin);
  }

  awaitable<Next> serve_request(Parser& parser) {
    const auto start = std::chrono::steady_clock::now();
    auto& header = parser.get();
    const std::string method(header.method_string());
    const std::string path(header.target().substr(0, header.target().find('?')));
    const auto decoded_path = percent_decode(path).value_or(path);
    auto match = ctx_.router.match(method, decoded_path);

    if (beast::websocket::is_upgrade(header)) {
      if (const auto* ws_route = ctx_.router.websocket(decoded_path))
        co_return co_await upgrade(parser, *ws_route, decoded_path);
    }
    if (header.method() == http::verb::options) co_return co_await preflight(parser);

    const size_t limit = match.route && match.route->body_limit ? match.route->body_limit : ctx_.opts.body_limit;
    auto header_request = [&] {
      HttpRequest pre = to_http_request(BeastRequest(parser.get().base()), decoded_path, ip_);
      pre.params = match.params;
      return pre;
    };
    RequestBody body = co_await read_request_body(ctx_, stream_, buffer_, parser, match, limit, header_request);
    if (body.status == RequestBody::Status::failed) co_return Next::close;

    HttpRequest req = to_http_request(body.message, decoded_path, ip_);
    req.body_file = body.spooled.path;
    req.body_size = body.spooled.size;
    HttpResponse res;
    switch (body.status) {
      case RequestBody::Status::too_large:
        res = HttpResponse::error(413, "payload_too_large",
                                  "Request body is larger than " + std::to_string(limit) + " bytes");
        break;
      case RequestBody::Status::refused:
        res = std::move(*body.refusal);
        break;
      default:
        res = co_await dispatch(ctx_, req, match);
    }
    body.spooled.release();
    const int status = res.status;
    // A body still on the wire: answer, then close rather than resync.
    const bool keep_alive = body.message.keep_alive() && !ctx_.stopping && !body.unread;
    const bool written =
        co_await write_response(stream_, response_context(body.message, req.request_id, keep_alive), res);
    record(ctx_, method, path, match, req, status, start);
    // Lingering needs the answer out: an answer the client never got is not worth waiting for.
    if (body.unread) co_return written ? Next::linger : Next::close;
    co_return written&& keep_alive ? Next::keep_alive : Next::close;
  }

  // The TCP stream moves into the WebSocket; this HTTP connection ends without closing it.
  awaitable<Next> upgrade(Parser& parser, const WebSocketRoute& route, const std::string& decoded_path) {
    auto breq = parser.release();
    HttpRequest req = to_http_request(breq, decoded_path, ip_);
    if (auto refusal = route.check(req)) {
      co_await write_response(stream_, response_context(breq, req.request_id, false), *refusal);
      co_return Next::close;
    }
    registration_.handle().stream = nullptr;
    stream_released_ = true;
    auto ws = co_await accept_websocket(std::move(stream_), breq, route.max_message, ip_, ctx_.metrics);
    if (ws) route.on_open(std::move(ws), req);
    co_return Next::close;
  }

  // CORS preflight: allowed origins get the allow headers, others a bare 204.
  awaitable<Next> preflight(Parser& parser) {
    const auto req = parser.release();
    const bool keep_alive = req.keep_alive() && !ctx_.stopping;
    const bool written =
        co_await write_preflight(stream_, req.version(), ctx_.cors.preflight_headers(allowed_origin(req)), keep_alive);
    co_return written&& keep_alive ? Next::keep_alive : Next::close;
  }

  HttpServerContext& ctx_;
  const std::string ip_;
  beast::tcp_stream stream_;
  Registration registration_;
  beast::flat_buffer buffer_;
  bool stream_released_ = false;  // moved into a WebSocket
};

}  // namespace

awaitable<void> serve_connection(std::shared_ptr<HttpServerContext> ctx, tcp::socket socket) {
  HttpConnection connection(*ctx, std::move(socket));
  co_await connection.run();
}

}  // namespace tc::net
