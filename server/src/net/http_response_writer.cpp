#include "net/http_response_writer.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "net/byte_range.hpp"

namespace tc::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::awaitable;

namespace {
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

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

template <class Body>
void decorate(http::response<Body>& res, const HttpResponse& r, const ResponseContext& ctx) {
  res.set(http::field::server, "tradecast");
  res.set(http::field::content_type, r.content_type);
  res.set("X-Request-Id", ctx.request_id);
  res.set("X-Content-Type-Options", "nosniff");
  for (const auto& [k, v] : ctx.cors) res.set(k, v);
  for (const auto& [k, v] : r.headers) res.set(k, v);
  res.keep_alive(ctx.keep_alive);
}

// True when all of `res` was written. Beast reports end_of_stream after writing a message that
// closes the connection (Connection: close): that is a success too.
bool written(const beast::error_code& ec) { return !ec || ec == http::error::end_of_stream; }

template <class Message>
awaitable<bool> write_message(beast::tcp_stream& stream, Message& res) {
  auto [ec, n] = co_await http::async_write(stream, res, use_tuple);
  co_return written(ec);
}

awaitable<bool> write_string(beast::tcp_stream& stream, const ResponseContext& ctx, HttpResponse& r) {
  http::response<http::string_body> res{static_cast<http::status>(r.status), ctx.version};
  decorate(res, r, ctx);
  if (!res.count(http::field::cache_control)) res.set(http::field::cache_control, "no-store");
  res.body() = std::move(r.body);
  res.prepare_payload();
  if (ctx.head) res.body().clear();
  co_return co_await write_message(stream, res);
}

// Streams r.file (opened as `body.file`), all of it or the requested range.
awaitable<bool> write_file(beast::tcp_stream& stream, const ResponseContext& ctx, HttpResponse& r,
                           RangeFileBody::value_type body) {
  beast::error_code ec;
  const uint64_t size = body.file.size(ec);
  const auto range = ctx.range.empty() ? RangeAnswer{} : parse_range(ctx.range, size);
  if (range.kind == RangeAnswer::Kind::unsatisfiable) {
    HttpResponse bad = HttpResponse::error(416, "range_not_satisfiable", "Range outside the file");
    bad.with_header("Content-Range", "bytes */" + std::to_string(size));
    co_return co_await write_string(stream, ctx, bad);
  }
  const bool partial = range.kind == RangeAnswer::Kind::partial;
  body.offset = partial ? range.range.first : 0;
  body.length = partial ? range.range.length() : size;
  http::response<RangeFileBody> res{partial ? http::status::partial_content : http::status::ok, ctx.version};
  decorate(res, r, ctx);
  res.set(http::field::accept_ranges, "bytes");
  res.set(http::field::cache_control, r.file->cache_control);
  if (partial) res.set(http::field::content_range, content_range(range.range, size));
  if (ctx.head) {
    res.content_length(body.length);
    http::response_serializer<RangeFileBody> sr{res};
    auto [wec, n] = co_await http::async_write_header(stream, sr, use_tuple);
    co_return written(wec);
  }
  res.body() = std::move(body);
  res.prepare_payload();
  co_return co_await write_message(stream, res);
}

}  // namespace

awaitable<bool> write_response(beast::tcp_stream& stream, const ResponseContext& ctx, HttpResponse& r) {
  stream.expires_after(ctx.timeout);
  if (r.file) {
    RangeFileBody::value_type body;
    beast::error_code ec;
    body.file.open(r.file->path.c_str(), beast::file_mode::scan, ec);
    if (!ec) co_return co_await write_file(stream, ctx, r, std::move(body));
    r = HttpResponse::error(404, "not_found", "No such file");
  }
  co_return co_await write_string(stream, ctx, r);
}

awaitable<bool> write_preflight(beast::tcp_stream& stream, unsigned version, const Fields& cors_preflight,
                                bool keep_alive) {
  http::response<http::empty_body> res{http::status::no_content, version};
  res.set(http::field::server, "tradecast");
  for (const auto& [k, v] : cors_preflight) res.set(k, v);
  res.keep_alive(keep_alive);
  co_return co_await write_message(stream, res);
}

awaitable<void> write_malformed(beast::tcp_stream& stream, int status) {
  http::response<http::string_body> res{static_cast<http::status>(status), 11};
  res.set(http::field::content_type, "application/json");
  res.body() = HttpResponse::error(400, "bad_request", "Malformed HTTP request").body;
  res.keep_alive(false);
  res.prepare_payload();
  co_await write_message(stream, res);
}

}  // namespace tc::net
