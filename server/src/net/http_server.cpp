#include "net/http_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <array>
#include <atomic>
#include <filesystem>
#include <list>
#include <unistd.h>
#include <mutex>

#include "core/ids.hpp"
#include "core/logging.hpp"
#include "net/websocket_accept.hpp"

namespace tc::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

// A file body that sends one byte range of the file (Beast's file_body always sends all of it).
struct RangeFileBody {
  struct value_type {
    beast::file file;
    uint64_t offset = 0;
    uint64_t length = 0;
  };
  static uint64_t size(const value_type& v) { return v.length; }

  class writer {
   public:
    using const_buffers_type = asio::const_buffer;
    template <bool isRequest, class Fields>
    writer(http::header<isRequest, Fields>&, value_type& b) : body_(b) {}
    void init(beast::error_code& ec) {
      remain_ = body_.length;
      body_.file.seek(body_.offset, ec);
    }
    boost::optional<std::pair<const_buffers_type, bool>> get(beast::error_code& ec) {
      const auto amount = static_cast<size_t>(std::min<uint64_t>(remain_, sizeof(buf_)));
      if (amount == 0) {
        ec = {};
        return boost::none;
      }
      const auto n = body_.file.read(buf_, amount, ec);
      if (ec) return boost::none;
      if (n == 0) {
        ec = http::error::short_read;
        return boost::none;
      }
      remain_ -= n;
      return {{asio::const_buffer(buf_, n), remain_ > 0}};
    }

   private:
    value_type& body_;
    uint64_t remain_ = 0;
    char buf_[64 * 1024];
  };
};

struct ByteRange {
  uint64_t first = 0, last = 0;
};

// Parses a single "bytes=a-b" / "bytes=a-" / "bytes=-n" range. nullopt: ignore the header (serve
// all); `unsatisfiable` set: answer 416.
std::optional<ByteRange> parse_range(std::string_view h, uint64_t size, bool& unsatisfiable) {
  unsatisfiable = false;
  if (!h.starts_with("bytes=") || h.find(',') != std::string_view::npos) return std::nullopt;
  h.remove_prefix(6);
  const auto dash = h.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto num = [](std::string_view s, uint64_t& out) {
    if (s.empty() || s.size() > 19) return false;
    out = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      out = out * 10 + static_cast<uint64_t>(c - '0');
    }
    return true;
  };
  uint64_t a = 0, b = 0;
  const auto sa = h.substr(0, dash), sb = h.substr(dash + 1);
  if (sa.empty()) {  // suffix: last n bytes
    if (!num(sb, b) || b == 0) {
      unsatisfiable = true;
      return std::nullopt;
    }
    if (size == 0) {
      unsatisfiable = true;
      return std::nullopt;
    }
    return ByteRange{size - std::min(b, size), size - 1};
  }
  if (!num(sa, a)) return std::nullopt;
  if (a >= size) {
    unsatisfiable = true;
    return std::nullopt;
  }
  if (sb.empty()) return ByteRange{a, size - 1};
  if (!num(sb, b) || b < a) return std::nullopt;
  return ByteRange{a, std::min(b, size - 1)};
}

bool is_quiet(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::operation_aborted || ec == beast::error::timeout ||
         ec == asio::error::connection_reset || ec == asio::error::eof || ec == asio::error::bad_descriptor;
}

}  // namespace

// Per-connection state the server can reach from outside the connection's strand (for shutdown).
struct Connection {
  beast::tcp_stream* stream = nullptr;  // valid while registered; touched only on its strand
  asio::any_io_executor executor;
  std::atomic<bool> busy{false};
};

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  Impl(asio::io_context& ioc, HttpServerOptions opts, const Router& router, core::MetricsRegistry& metrics)
      : ioc(ioc),
        opts(std::move(opts)),
        router(router),
        metrics(metrics),
        acceptor(asio::make_strand(ioc)),
        log(core::logger("net.http")),
        open_gauge(metrics.gauge("tradecast_http_open_connections", "Open HTTP connections")),
        rejected(metrics.counter("tradecast_http_rejected_connections_total",
                                 "Connections closed at once because max_connections was reached")) {}

  asio::io_context& ioc;
  HttpServerOptions opts;
  const Router& router;  // borrowed, outlives the server
  core::MetricsRegistry& metrics;
  tcp::acceptor acceptor;
  std::shared_ptr<spdlog::logger> log;
  core::Gauge& open_gauge;
  core::Counter& rejected;
  std::atomic<bool> stopping{false};
  std::atomic<size_t> open{0};
  std::mutex conns_mutex;
  std::list<std::weak_ptr<Connection>> conns;  // guarded by conns_mutex

  std::string allowed_origin(const http::request<http::string_body>& req) const {
    const auto it = req.find(http::field::origin);
    if (it == req.end() || opts.cors_origins.empty()) return {};
    const std::string origin(it->value());
    for (const auto& o : opts.cors_origins) {
      if (o == "*" || o == origin) return origin;
    }
    return {};
  }

  awaitable<void> accept_loop() {
    auto self = shared_from_this();
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), use_tuple);
      if (ec) {
        if (stopping || ec == asio::error::operation_aborted) co_return;
        log->warn("msg=\"accept failed\" error=\"{}\"", ec.message());
        continue;
      }
      if (open.load() >= opts.max_connections) {
        rejected.inc();
        beast::error_code ignored;
        socket.close(ignored);
        continue;
      }
      auto ex = socket.get_executor();
      asio::co_spawn(ex, session(std::move(socket)), [self](std::exception_ptr e) {
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          self->log->error("msg=\"connection failed\" error=\"{}\"", ex.what());
        }
      });
    }
  }

  HttpRequest to_request(const http::request<http::string_body>& breq, std::string path, const std::string& ip) {
    HttpRequest req;
    req.method = std::string(breq.method_string());
    req.target = std::string(breq.target());
    const auto q = req.target.find('?');
    req.path = std::move(path);
    if (q != std::string::npos) {
      std::string_view qs = std::string_view(req.target).substr(q + 1);
      while (!qs.empty()) {
        auto amp = qs.find('&');
        auto part = qs.substr(0, amp);
        qs = amp == std::string_view::npos ? std::string_view{} : qs.substr(amp + 1);
        if (part.empty()) continue;
        const auto eq = part.find('=');
        auto k = percent_decode(part.substr(0, eq), true);
        auto v = percent_decode(eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1), true);
        if (k && v) req.query.emplace_back(std::move(*k), std::move(*v));
      }
    }
    for (const auto& f : breq) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req.headers.emplace_back(std::move(name), std::string(f.value()));
    }
    req.body = breq.body();
    req.remote_ip = ip;
    const auto* rid = req.header("x-request-id");
    const bool rid_ok = rid && !rid->empty() && rid->size() <= 64 &&
                        std::all_of(rid->begin(), rid->end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; });
    req.request_id = rid_ok ? *rid : core::random_hex(8);
    return req;
  }

  template <class Body>
  void decorate(http::response<Body>& res, const HttpResponse& r, const std::string& request_id,
                const std::string& origin, bool keep_alive, unsigned version) {
    res.version(version);
    res.set(http::field::server, "tradecast");
    res.set(http::field::content_type, r.content_type);
    res.set("X-Request-Id", request_id);
    res.set("X-Content-Type-Options", "nosniff");
    if (!origin.empty()) {
      res.set(http::field::access_control_allow_origin, origin);
      res.set(http::field::vary, "Origin");
      res.set(http::field::access_control_expose_headers, "X-Request-Id, Retry-After, Location, Content-Range");
    }
    for (const auto& [k, v] : r.headers) res.set(k, v);
    res.keep_alive(keep_alive);
  }

  // Writes `r`; false when the connection must close.
  awaitable<bool> write_response(beast::tcp_stream& stream, const http::request<http::string_body>& breq,
                                 HttpResponse& r, const std::string& request_id, bool keep_alive) {
    const auto origin = allowed_origin(breq);
    const bool head = breq.method() == http::verb::head;
    stream.expires_after(opts.read_timeout);
    if (r.file) {
      RangeFileBody::value_type body;
      beast::error_code ec;
      body.file.open(r.file->path.c_str(), beast::file_mode::scan, ec);
      if (ec) {
        r = HttpResponse::error(404, "not_found", "No such file");
      } else {
        const uint64_t size = body.file.size(ec);
        bool unsatisfiable = false;
        std::optional<ByteRange> range;
        if (auto it = breq.find(http::field::range); it != breq.end()) {
          range = parse_range(it->value(), size, unsatisfiable);
        }
        if (unsatisfiable) {
          HttpResponse bad = HttpResponse::error(416, "range_not_satisfiable", "Range outside the file");
          bad.with_header("Content-Range", "bytes */" + std::to_string(size));
          http::response<http::string_body> res{http::status::range_not_satisfiable, breq.version()};
          decorate(res, bad, request_id, origin, keep_alive, breq.version());
          res.body() = bad.body;
          res.prepare_payload();
          auto [wec, n] = co_await http::async_write(stream, res, use_tuple);
          co_return !wec && keep_alive;
        }
        body.offset = range ? range->first : 0;
        body.length = range ? range->last - range->first + 1 : size;
        http::response<RangeFileBody> res{range ? http::status::partial_content : http::status::ok, breq.version()};
        decorate(res, r, request_id, origin, keep_alive, breq.version());
        res.set(http::field::accept_ranges, "bytes");
        res.set(http::field::cache_control, r.file->cache_control);
        if (range) {
          res.set(http::field::content_range, "bytes " + std::to_string(range->first) + "-" +
                                                   std::to_string(range->last) + "/" + std::to_string(size));
        }
        if (head) {
          res.content_length(body.length);
          http::response_serializer<RangeFileBody> sr{res};
          auto [wec, n] = co_await http::async_write_header(stream, sr, use_tuple);
          co_return !wec && keep_alive;
        }
        res.body() = std::move(body);
        res.prepare_payload();
        auto [wec, n] = co_await http::async_write(stream, res, use_tuple);
        co_return !wec && keep_alive;
      }
    }
    http::response<http::string_body> res{static_cast<http::status>(r.status), breq.version()};
    decorate(res, r, request_id, origin, keep_alive, breq.version());
    if (!res.count(http::field::cache_control)) res.set(http::field::cache_control, "no-store");
    res.body() = std::move(r.body);
    res.prepare_payload();
    if (head) res.body().clear();
    auto [wec, n] = co_await http::async_write(stream, res, use_tuple);
    co_return !wec && keep_alive;
  }

  // The body file of one spooled request.
  struct Spooled {
    std::string path;
    uint64_t size = 0;
    http::request<http::string_body> header;  // the request without its body
    std::optional<HttpResponse> refusal;
    std::atomic<size_t>* slot = nullptr;  // the spooling count this request holds
    void remove() {
      if (!path.empty()) ::unlink(path.c_str());
      path.clear();
      if (slot) slot->fetch_sub(1);
      slot = nullptr;
    }
    ~Spooled() { remove(); }
  };
  enum class SpoolOutcome { done, refused, too_large, failed };
  std::atomic<size_t> spooling{0};

  // Reads the body of an upload route into a temp file, after the route's header check.
  awaitable<SpoolOutcome> spool_body(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                     http::request_parser<http::string_body>& parser, const Route& route,
                                     const std::string& decoded_path, const std::string& ip, const Fields& params,
                                     size_t limit, Spooled& out) {
    out.header = http::request<http::string_body>(parser.get().base());
    if (route.before_body) {
      HttpRequest pre = to_request(out.header, decoded_path, ip);
      pre.params = params;
      if (auto r = route.before_body(pre)) {
        out.refusal = std::move(*r);
        co_return SpoolOutcome::refused;
      }
    }
    if (spooling.fetch_add(1) >= opts.max_spooling) {
      spooling.fetch_sub(1);
      out.refusal = HttpResponse::error(503, "server_busy", "Too many uploads in progress; try again shortly")
                        .with_header("Retry-After", "5");
      co_return SpoolOutcome::refused;
    }
    out.slot = &spooling;
    if (parser.is_done()) co_return SpoolOutcome::done;  // no body at all
    out.path = opts.spool_dir + "/upload-" + core::random_hex(8);
    http::request_parser<http::file_body> fparser{std::move(parser)};
    fparser.body_limit(limit);
    beast::error_code ec;
    fparser.get().body().open(out.path.c_str(), beast::file_mode::write_new, ec);
    if (ec) {
      log->error("msg=\"cannot create upload spool file\" path={} error=\"{}\"", out.path, ec.message());
      out.path.clear();
      out.refusal = HttpResponse::error(503, "server_busy", "Cannot store the upload now");
      co_return SpoolOutcome::refused;
    }
    // A client that sent "Expect: 100-continue" waits for this before sending the body.
    if (auto it = out.header.find(http::field::expect); it != out.header.end() && beast::iequals(it->value(), "100-continue")) {
      http::response<http::empty_body> cont{http::status::continue_, out.header.version()};
      stream.expires_after(opts.read_timeout);
      auto [cec, cn] = co_await http::async_write(stream, cont, use_tuple);
      if (cec) co_return SpoolOutcome::failed;
    }
    const auto deadline = std::chrono::steady_clock::now() + opts.spool_deadline;
    while (!fparser.is_done()) {
      if (std::chrono::steady_clock::now() >= deadline) co_return SpoolOutcome::failed;
      stream.expires_after(opts.read_timeout);  // each read must make progress in time
      auto [bec, bn] = co_await http::async_read_some(stream, buffer, fparser, use_tuple);
      if (bec == http::error::body_limit) co_return SpoolOutcome::too_large;
      if (bec) co_return SpoolOutcome::failed;
    }
    auto freq = fparser.release();
    freq.body().close();
    // file_body's size() is the size at open (0 here): ask the file system.
    std::error_code fec;
    out.size = std::filesystem::file_size(out.path, fec);
    if (fec) co_return SpoolOutcome::failed;
    co_return SpoolOutcome::done;
  }

  // Reads and discards a request body of at most kDrainLimit bytes; false if it is larger or the
  // read fails (the connection must then close).
  static constexpr uint64_t kDrainLimit = 64ull << 20;
  awaitable<bool> drain_body(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                             http::request_parser<http::string_body>& parser) {
    if (parser.is_done()) co_return true;
    if (parser.content_length() && *parser.content_length() > kDrainLimit) co_return false;
    http::request_parser<http::buffer_body> sink{std::move(parser)};
    sink.body_limit(kDrainLimit);
    std::array<char, 16 * 1024> scratch;
    while (!sink.is_done()) {
      sink.get().body().data = scratch.data();
      sink.get().body().size = scratch.size();
      stream.expires_after(opts.read_timeout);
      auto [ec, n] = co_await http::async_read_some(stream, buffer, sink, use_tuple);
      if (ec == http::error::need_buffer) continue;
      if (ec) co_return false;
    }
    co_return true;
  }

  awaitable<HttpResponse> dispatch(HttpRequest& req, const Router::Match& m) {
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
      if (router.fallback()) co_return co_await router.fallback()(req);
      co_return HttpResponse::error(404, "not_found", "No such endpoint");
    } catch (const std::exception& e) {
      // Handlers turn their failures into replies; reaching this is a bug.
      log->error("msg=\"unhandled exception\" req={} path={} error=\"{}\"", req.request_id, req.path, e.what());
      co_return HttpResponse::error(500, "internal", "Internal server error");
    }
  }

  awaitable<void> session(tcp::socket socket) {
    auto self = shared_from_this();
    beast::error_code ip_ec;
    const auto ip = socket.remote_endpoint(ip_ec).address().to_string();
    beast::tcp_stream stream(std::move(socket));
    auto conn = std::make_shared<Connection>();
    conn->stream = &stream;
    conn->executor = stream.get_executor();
    {
      std::lock_guard lock(conns_mutex);
      conns.push_back(conn);
    }
    open_gauge.set(static_cast<int64_t>(++open));
    struct Unregister {
      Impl* impl;
      std::shared_ptr<Connection> conn;
      ~Unregister() {
        conn->stream = nullptr;
        {
          std::lock_guard lock(impl->conns_mutex);
          impl->conns.remove_if([&](const std::weak_ptr<Connection>& w) { return w.expired() || w.lock() == conn; });
        }
        impl->open_gauge.set(static_cast<int64_t>(--impl->open));
      }
    } unregister{this, conn};

    beast::flat_buffer buffer;
    bool linger = false;  // after a 413: drain the rest of the body before closing
    for (;;) {
      if (stopping) break;
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<uint32_t>(opts.header_limit));
      // No limit while reading the header: Beast would otherwise reject any Content-Length above
      // its 1 MiB default as a parse error. The route's limit is applied once the header is known.
      parser.body_limit(boost::none);
      stream.expires_after(opts.idle_timeout);
      auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, use_tuple);
      if (ec) {
        if (!is_quiet(ec) && ec != http::error::header_limit) {
          log->debug("msg=\"bad request\" ip={} error=\"{}\"", ip, ec.message());
        }
        // A malformed request (Beast's parse errors) gets a 400 before the close; I/O errors just close.
        if (ec.category() == make_error_code(http::error::bad_method).category() && !is_quiet(ec)) {
          http::response<http::string_body> res{ec == http::error::header_limit
                                                    ? http::status::request_header_fields_too_large
                                                    : http::status::bad_request,
                                                11};
          res.set(http::field::content_type, "application/json");
          res.body() = HttpResponse::error(400, "bad_request", "Malformed HTTP request").body;
          res.keep_alive(false);
          res.prepare_payload();
          co_await http::async_write(stream, res, use_tuple);
        }
        break;
      }
      conn->busy = true;
      const auto start = std::chrono::steady_clock::now();
      auto& header = parser.get();
      const std::string method(header.method_string());
      const std::string path(header.target().substr(0, header.target().find('?')));
      const auto decoded_path = percent_decode(path).value_or(path);
      auto match = router.match(method, decoded_path);
      const size_t limit = match.route && match.route->body_limit ? match.route->body_limit : opts.body_limit;
      parser.body_limit(limit);

      if (beast::websocket::is_upgrade(header)) {
        if (const auto* ws_route = router.websocket(decoded_path)) {
          auto breq = parser.release();
          HttpRequest req = to_request(breq, decoded_path, ip);
          if (auto refusal = ws_route->check(req)) {
            co_await write_response(stream, breq, *refusal, req.request_id, false);
            break;
          }
          // The TCP stream moves into the WebSocket; this HTTP connection ends here without closing it.
          conn->stream = nullptr;
          auto ws = co_await accept_websocket(std::move(stream), breq, ws_route->max_message, ip, metrics);
          if (ws) ws_route->on_open(std::move(ws), req);
          co_return;
        }
      }

      // CORS preflight for allowed origins.
      if (header.method() == http::verb::options) {
        http::request<http::string_body> dummy = parser.release();
        const auto origin = allowed_origin(dummy);
        http::response<http::empty_body> res{http::status::no_content, dummy.version()};
        res.set(http::field::server, "tradecast");
        if (!origin.empty()) {
          res.set(http::field::access_control_allow_origin, origin);
          res.set(http::field::access_control_allow_methods, "GET, POST, PUT, PATCH, DELETE, OPTIONS");
          res.set(http::field::access_control_allow_headers,
                  "Authorization, Content-Type, X-Request-Id, X-Operator-Key, Idempotency-Key");
          res.set(http::field::access_control_max_age, "600");
          res.set(http::field::vary, "Origin");
        }
        res.keep_alive(dummy.keep_alive() && !stopping);
        auto [wec, wn] = co_await http::async_write(stream, res, use_tuple);
        conn->busy = false;
        if (wec || !res.keep_alive()) break;
        continue;
      }

      bool too_large = header.has_content_length() && parser.content_length() && *parser.content_length() > limit;
      std::optional<HttpResponse> refusal;  // answered without reading the (rest of the) body
      http::request<http::string_body> breq;
      Spooled spooled;  // the body file of an upload route; removed when this request is done
      bool drained = false;  // a refused upload's body was read and discarded: the connection is in sync
      std::shared_ptr<void> body_guard;  // the route's BodyWatch guard, held while the body arrives
      if (match.route && match.route->body_watch && !too_large) {
        HttpRequest pre = to_request(parser.get(), decoded_path, ip);
        pre.params = match.params;
        auto watch = match.route->body_watch(pre);
        if (watch.refusal) {
          refusal = std::move(watch.refusal);
        } else {
          body_guard = std::move(watch.guard);
        }
      }
      if (refusal) {
        // Refused at header time by the route's watch: discard a moderate body so the connection stays in sync.
        breq = http::request<http::string_body>(parser.get().base());
        drained = co_await drain_body(stream, buffer, parser);
      } else if (match.route && match.route->spool_body) {
        bool parser_intact = true;
        if (!too_large) {
          auto outcome = co_await spool_body(stream, buffer, parser, *match.route, decoded_path, ip, match.params,
                                             limit, spooled);
          if (outcome == SpoolOutcome::failed) break;
          if (outcome == SpoolOutcome::too_large) {
            too_large = true;
            parser_intact = false;
          }
          if (outcome == SpoolOutcome::refused) refusal = std::move(spooled.refusal);
          breq = std::move(spooled.header);
        } else {
          breq = http::request<http::string_body>(parser.get().base());
        }
        // Clients (fetch/undici among them) treat a reply that arrives while they are still sending
        // as a failed request when the connection then closes. A refused upload of moderate size is
        // read to its end and discarded (not stored) so the client sees the reply; a larger one is
        // answered and the connection closed, as any 413.
        if ((too_large || refusal) && parser_intact) drained = co_await drain_body(stream, buffer, parser);
      } else {
        if (!too_large && !parser.is_done()) {
          stream.expires_after(opts.read_timeout);
          auto [bec, bn] = co_await http::async_read(stream, buffer, parser, use_tuple);
          if (bec == http::error::body_limit) {
            too_large = true;
          } else if (bec) {
            break;
          }
        }
        breq = parser.release();
      }
      body_guard.reset();  // the body is in (or its read failed, and the loop was left above)
      HttpRequest req = to_request(breq, decoded_path, ip);
      req.body_file = spooled.path;
      req.body_size = spooled.size;
      HttpResponse res;
      if (too_large) {
        res = HttpResponse::error(413, "payload_too_large",
                                  "Request body is larger than " + std::to_string(limit) + " bytes");
      } else if (refusal) {
        res = std::move(*refusal);
      } else {
        res = co_await dispatch(req, match);
      }
      spooled.remove();
      const int status = res.status;
      // After a 413 (or a refusal before the body) the unread body is still on the wire: close
      // rather than resync.
      const bool unread_body = (too_large || refusal.has_value()) && !drained;
      const bool keep_alive = breq.keep_alive() && !stopping && !unread_body;
      const bool ok = co_await write_response(stream, breq, res, req.request_id, keep_alive);
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const std::string route = match.route ? match.route->name : (match.allow.empty() ? "other" : "405");
      metrics.counter("tradecast_http_requests_total", "HTTP requests by route and status",
                      {{"method", method}, {"route", route}, {"status", std::to_string(status)}})
          .inc();
      metrics.histogram("tradecast_http_request_duration_seconds", "HTTP request latency by route",
                        core::latency_buckets(), {{"route", route}})
          .observe(secs);
      if (status >= 500) {
        log->warn("msg=request req={} ip={} method={} path={} status={} ms={:.1f}", req.request_id, ip, method, path,
                  status, secs * 1000);
      } else {
        log->debug("msg=request req={} ip={} method={} path={} status={} ms={:.1f}", req.request_id, ip, method,
                   path, status, secs * 1000);
      }
      conn->busy = false;
      if (unread_body && ok) {
        linger = true;
        break;
      }
      if (!ok) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (linger) {
      // Lingering close: the client is likely still sending the body we refused. Read and discard
      // it so it sees our 413 rather than a reset (a write into a closed socket fails with EPIPE
      // before the client reads the reply). A loaded client can pause for a while between writes,
      // so the timeout is per read (idle), with a cap on the whole linger and on the bytes.
      constexpr auto kLingerIdle = std::chrono::seconds(5);
      constexpr auto kLingerTotal = std::chrono::seconds(30);
      constexpr size_t kLingerBytes = 64 * 1024 * 1024;
      const auto give_up = std::chrono::steady_clock::now() + kLingerTotal;
      std::array<char, 16 * 1024> sink;
      size_t drained = 0;
      while (drained < kLingerBytes && !stopping) {
        const auto left = give_up - std::chrono::steady_clock::now();
        if (left <= std::chrono::steady_clock::duration::zero()) break;
        stream.expires_after(std::min<std::chrono::steady_clock::duration>(kLingerIdle, left));
        auto [rec, rn] = co_await stream.async_read_some(asio::buffer(sink), use_tuple);
        if (rec) break;
        drained += rn;
      }
    }
    stream.socket().close(ignored);
  }
};

HttpServer::HttpServer(asio::io_context& ioc, HttpServerOptions options, const Router& router,
                       core::MetricsRegistry& metrics)
    : impl_(std::make_shared<Impl>(ioc, std::move(options), router, metrics)) {}

HttpServer::~HttpServer() = default;

uint16_t HttpServer::listen() {
  auto& a = impl_->acceptor;
  const tcp::endpoint ep(asio::ip::make_address(impl_->opts.host), impl_->opts.port);
  a.open(ep.protocol());
  a.set_option(asio::socket_base::reuse_address(true));
  a.bind(ep);
  a.listen(asio::socket_base::max_listen_connections);
  return a.local_endpoint().port();
}

void HttpServer::start() {
  auto impl = impl_;
  asio::co_spawn(impl->acceptor.get_executor(), impl->accept_loop(), [impl](std::exception_ptr e) {
    if (e) impl->log->error("msg=\"accept loop ended with an exception\"");
  });
}

void HttpServer::stop_accepting() {
  auto impl = impl_;
  impl->stopping = true;
  asio::post(impl->acceptor.get_executor(), [impl] {
    beast::error_code ignored;
    impl->acceptor.close(ignored);
  });
  std::lock_guard lock(impl->conns_mutex);
  for (auto& w : impl->conns) {
    auto c = w.lock();
    if (!c) continue;
    asio::post(c->executor, [c] {
      // Busy connections see `stopping` after their response and close then.
      if (!c->busy && c->stream) c->stream->cancel();
    });
  }
}

size_t HttpServer::open_connections() const { return impl_->open.load(); }

}  // namespace tc::net
