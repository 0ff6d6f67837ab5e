#include "net/request_body.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <unistd.h>

#include <array>
#include <filesystem>
#include <optional>

#include "core/ids.hpp"
#include "net/http_server_context.hpp"

namespace tc::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::awaitable;
using Parser = http::request_parser<http::string_body>;

namespace {
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// A refused body up to this size is read and discarded so the connection stays in sync.
constexpr uint64_t kDrainLimit = 64ull << 20;

// Reads and discards the rest of the body; false if it is larger than kDrainLimit or the read fails.
awaitable<bool> drain_body(HttpServerContext& ctx, beast::tcp_stream& stream, beast::flat_buffer& buffer,
                           Parser& parser) {
  if (parser.is_done()) co_return true;
  if (parser.content_length() && *parser.content_length() > kDrainLimit) co_return false;
  http::request_parser<http::buffer_body> sink{std::move(parser)};
  sink.body_limit(kDrainLimit);
  std::array<char, 16 * 1024> scratch;
  while (!sink.is_done()) {
    sink.get().body().data = scratch.data();
    sink.get().body().size = scratch.size();
    stream.expires_after(ctx.opts.read_timeout);
    auto [ec, n] = co_await http::async_read_some(stream, buffer, sink, use_tuple);
    if (ec == http::error::need_buffer) continue;
    if (ec) co_return false;
  }
  co_return true;
}

bool expects_continue(const BeastRequest& req) {
  const auto it = req.find(http::field::expect);
  return it != req.end() && beast::iequals(it->value(), "100-continue");
}

// A refusal whose body may still be on the wire. A moderate body is read and discarded before the
// answer: fetch, undici and browsers treat an answer that arrives while they are still sending, on
// a connection that then closes, as a failed request (EPIPE/ECONNRESET), so the refusal would be
// lost. A client waiting for "100 Continue" has sent nothing: it gets the answer at once.
awaitable<void> refuse(HttpServerContext& ctx, beast::tcp_stream& stream, beast::flat_buffer& buffer, Parser& parser,
                       RequestBody& out) {
  if (expects_continue(out.message) && !parser.is_done()) {
    out.unread = true;
    co_return;
  }
  out.unread = !co_await drain_body(ctx, stream, buffer, parser);
}

// Upload routes: the route's header check, a spooling slot, then the body into a temp file.
awaitable<void> spool_body(HttpServerContext& ctx, beast::tcp_stream& stream, beast::flat_buffer& buffer,
                           Parser& parser, const Route& route, size_t limit,
                           const std::function<HttpRequest()>& header_request, RequestBody& out) {
  if (route.before_body) {
    if (auto r = route.before_body(header_request())) {
      out.status = RequestBody::Status::refused;
      out.refusal = std::move(*r);
      co_return co_await refuse(ctx, stream, buffer, parser, out);
    }
  }
  if (ctx.spooling.fetch_add(1) >= ctx.opts.max_spooling) {
    ctx.spooling.fetch_sub(1);
    out.status = RequestBody::Status::refused;
    out.refusal = HttpResponse::error(503, "server_busy", "Too many uploads in progress; try again shortly")
                      .with_header("Retry-After", "5");
    co_return co_await refuse(ctx, stream, buffer, parser, out);
  }
  out.spooled.slot = &ctx.spooling;
  if (parser.is_done()) {  // no body at all
    out.status = RequestBody::Status::read;
    co_return;
  }
  out.spooled.path = ctx.opts.spool_dir + "/upload-" + core::random_hex(8);
  http::request_parser<http::file_body> fparser{std::move(parser)};
  fparser.body_limit(limit);
  beast::error_code ec;
  fparser.get().body().open(out.spooled.path.c_str(), beast::file_mode::write_new, ec);
  if (ec) {
    ctx.log->error("msg=\"cannot create upload spool file\" path={} error=\"{}\"", out.spooled.path, ec.message());
    out.spooled.path.clear();
    out.status = RequestBody::Status::refused;
    out.refusal = HttpResponse::error(503, "server_busy", "Cannot store the upload now");
    // The parser moved into fparser: what is left of the body can no longer be drained.
    out.unread = true;
    co_return;
  }
  // A client that sent "Expect: 100-continue" waits for this before sending the body.
  if (expects_continue(out.message)) {
    http::response<http::empty_body> cont{http::status::continue_, out.message.version()};
    stream.expires_after(ctx.opts.read_timeout);
    auto [cec, cn] = co_await http::async_write(stream, cont, use_tuple);
    if (cec) co_return;  // failed
  }
  const auto deadline = std::chrono::steady_clock::now() + ctx.opts.spool_deadline;
  while (!fparser.is_done()) {
    if (std::chrono::steady_clock::now() >= deadline) co_return;  // failed
    stream.expires_after(ctx.opts.read_timeout);                  // each read must make progress in time
    auto [bec, bn] = co_await http::async_read_some(stream, buffer, fparser, use_tuple);
    if (bec == http::error::body_limit) {
      out.status = RequestBody::Status::too_large;
      out.unread = true;  // the parser cannot go on past its limit
      co_return;
    }
    if (bec) co_return;  // failed
  }
  auto freq = fparser.release();
  freq.body().close();
  // file_body's size() is the size at open (0 here): ask the file system.
  std::error_code fec;
  out.spooled.size = std::filesystem::file_size(out.spooled.path, fec);
  if (!fec) out.status = RequestBody::Status::read;
}

// Ordinary routes: the body into memory, at most `limit` bytes. A larger one (chunked, so its size
// was not declared) is read on and discarded up to kDrainLimit, then refused with the connection in
// sync; past kDrainLimit it is refused with bytes left unread.
awaitable<void> read_in_memory(HttpServerContext& ctx, beast::tcp_stream& stream, beast::flat_buffer& buffer,
                               Parser& parser, size_t limit, RequestBody& out) {
  if (parser.is_done()) {
    out.status = RequestBody::Status::read;
    out.message = parser.release();
    co_return;
  }
  http::request_parser<http::buffer_body> reader{std::move(parser)};
  reader.body_limit(kDrainLimit);
  std::string body;
  bool too_large = false;
  std::array<char, 16 * 1024> scratch;
  stream.expires_after(ctx.opts.read_timeout);  // the whole body
  while (!reader.is_done()) {
    reader.get().body().data = scratch.data();
    reader.get().body().size = scratch.size();
    auto [ec, n] = co_await http::async_read_some(stream, buffer, reader, use_tuple);
    if (ec == http::error::body_limit) {
      out.status = RequestBody::Status::too_large;
      out.unread = true;
      co_return;
    }
    if (ec && ec != http::error::need_buffer) co_return;  // failed
    const size_t got = scratch.size() - reader.get().body().size;
    if (too_large) continue;
    if (body.size() + got > limit) {
      too_large = true;
      std::string().swap(body);
      continue;
    }
    body.append(scratch.data(), got);
  }
  out.status = too_large ? RequestBody::Status::too_large : RequestBody::Status::read;
  out.message.body() = std::move(body);
}

}  // namespace

SpooledBody::SpooledBody(SpooledBody&& o) noexcept
    : path(std::exchange(o.path, {})), size(o.size), slot(std::exchange(o.slot, nullptr)) {}

SpooledBody& SpooledBody::operator=(SpooledBody&& o) noexcept {
  if (this != &o) {
    release();
    path = std::exchange(o.path, {});
    size = o.size;
    slot = std::exchange(o.slot, nullptr);
  }
  return *this;
}

void SpooledBody::release() {
  if (!path.empty()) ::unlink(path.c_str());
  path.clear();
  if (slot) slot->fetch_sub(1);
  slot = nullptr;
}

awaitable<RequestBody> read_request_body(HttpServerContext& ctx, beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                         Parser& parser, const Router::Match& match, size_t limit,
                                         const std::function<HttpRequest()>& header_request) {
  RequestBody out;
  out.message = BeastRequest(parser.get().base());
  const Route* route = match.route;
  parser.body_limit(limit);
  const bool declared_too_large = parser.content_length() && *parser.content_length() > limit;
  if (declared_too_large) {
    out.status = RequestBody::Status::too_large;
    co_await refuse(ctx, stream, buffer, parser, out);
    co_return out;
  }
  // The route's watch holds its guard while the body arrives (or until its read failed).
  std::shared_ptr<void> body_guard;
  if (route && route->body_watch) {
    auto watch = route->body_watch(header_request());
    if (watch.refusal) {
      out.status = RequestBody::Status::refused;
      out.refusal = std::move(watch.refusal);
      co_await refuse(ctx, stream, buffer, parser, out);
      co_return out;
    }
    body_guard = std::move(watch.guard);
  }
  if (route && route->spool_body) {
    co_await spool_body(ctx, stream, buffer, parser, *route, limit, header_request, out);
  } else {
    co_await read_in_memory(ctx, stream, buffer, parser, limit, out);
  }
  co_return out;
}

awaitable<void> linger_close(HttpServerContext& ctx, beast::tcp_stream& stream) {
  // The client is still sending the body we refused, and it has our answer only once it reads it.
  // Closing while its bytes still arrive sends a reset, and the client's next write fails (EPIPE)
  // before it ever reads the answer waiting in its receive buffer. So, as RFC 9112 §9.6 and nginx's
  // lingering close do: end our side (FIN after the answer), then read and discard until the client
  // closes its side. Only its close (or silence) says it is done; a client busy writing reads the
  // answer when its writes block. A byte cap broke exactly that client: one that wrote past the cap
  // before reading was reset. Instead, past kLingerBurst the reads are paced to kLingerRate, so a
  // client that writes without reading meets backpressure (when an event-driven client reads) and
  // a hostile one costs a bounded rate. Bounded by kLingerIdle between reads and kLingerTotal.
  constexpr auto kLingerIdle = std::chrono::seconds(5);
  constexpr auto kLingerTotal = std::chrono::seconds(30);
  constexpr uint64_t kLingerBurst = 256ull << 20;
  constexpr uint64_t kLingerRate = 32ull << 20;  // bytes per second past the burst
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  const auto give_up = started + kLingerTotal;
  beast::error_code ec;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  asio::steady_timer pace(stream.get_executor());
  std::array<char, 16 * 1024> sink;
  uint64_t drained = 0;
  std::optional<Clock::time_point> paced_from;  // when the burst was used up
  const char* end = "client_closed";
  while (!ctx.stopping) {
    if (paced_from) {
      const auto due = *paced_from + std::chrono::microseconds((drained - kLingerBurst) * 1'000'000 / kLingerRate);
      if (due >= give_up) {
        end = "total_time";
        break;
      }
      if (due > Clock::now()) {
        pace.expires_at(due);
        co_await pace.async_wait(use_tuple);
      }
    }
    const auto left = give_up - Clock::now();
    if (left <= Clock::duration::zero()) {
      end = "total_time";
      break;
    }
    stream.expires_after(std::min<Clock::duration>(kLingerIdle, left));
    auto [rec, n] = co_await stream.async_read_some(asio::buffer(sink), use_tuple);
    if (rec) {
      if (rec == beast::error::timeout) end = Clock::now() >= give_up ? "total_time" : "idle";
      break;
    }
    drained += n;
    if (!paced_from && drained > kLingerBurst) paced_from = Clock::now();
  }
  ctx.log->debug("msg=\"lingering close\" end={} drained={} ms={}", end, drained,
                 std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count());
}

}  // namespace tc::net
