#pragma once
// Internal to net: reading a request's body once its header is in, on the connection's strand.
// In memory (up to the route's limit), spooled to a file (upload routes), or read and discarded
// (a refused request of moderate size, so the connection stays usable and the client, still
// sending, sees the answer). One outcome says what was read and whether bytes remain on the wire.
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <functional>
#include <optional>
#include <string>

#include "net/beast_request.hpp"
#include "net/http_message.hpp"
#include "net/router.hpp"

namespace tc::net {

struct HttpServerContext;

// The spool file of one upload and the spooling slot it holds; both given back on destruction.
class SpooledBody {
 public:
  SpooledBody() = default;
  SpooledBody(SpooledBody&& o) noexcept;
  SpooledBody& operator=(SpooledBody&& o) noexcept;
  ~SpooledBody() { release(); }
  void release();

  std::string path;                     // empty: no file
  uint64_t size = 0;                    // bytes in the file
  std::atomic<size_t>* slot = nullptr;  // the spooling count this upload holds
};

struct RequestBody {
  enum class Status {
    read,       // the whole body is in (message.body() or spooled): dispatch it
    too_large,  // over the route's limit: answer 413
    refused,    // a route hook refused it from its header: answer `refusal`
    failed,     // the connection broke or stalled: close without an answer
  };
  Status status = Status::failed;
  BeastRequest message;  // the header, and the body when read into memory
  std::optional<HttpResponse> refusal;
  // Bytes of the body are still unread on the wire: answer, then close with a lingering read.
  bool unread = false;
  SpooledBody spooled;
};

// Reads the body for the route `match` with at most `limit` bytes. `header_request` makes the
// HttpRequest the route's hooks see (header only). Consumes `parser`.
boost::asio::awaitable<RequestBody> read_request_body(
    HttpServerContext& ctx, boost::beast::tcp_stream& stream, boost::beast::flat_buffer& buffer,
    boost::beast::http::request_parser<boost::beast::http::string_body>& parser, const Router::Match& match,
    size_t limit, const std::function<HttpRequest()>& header_request);

// After an answer to a request whose body was not all read: shut our side (FIN after the answer),
// then read and discard what the client is still sending until it closes its side (bounded in time
// and, past a burst, paced), so that our answer reaches it instead of a reset.
boost::asio::awaitable<void> linger_close(HttpServerContext& ctx, boost::beast::tcp_stream& stream);

}  // namespace tc::net
