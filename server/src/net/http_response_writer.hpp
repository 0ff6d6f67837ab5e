#pragma once
// Internal to net: writes our HttpResponse with Beast, on the connection's strand. Files are
// streamed from disk, one Range (net/byte_range.hpp) at most; every response carries X-Request-Id,
// nosniff and the CORS headers of the request's origin.
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <chrono>
#include <string>

#include "net/http_message.hpp"

namespace tc::net {

// What of the request the response depends on.
struct ResponseContext {
  unsigned version = 11;  // HTTP/1.x of the request
  bool head = false;      // HEAD: headers only
  std::string range;      // the request's Range header ("" when none)
  std::string request_id;
  Fields cors;  // CorsPolicy::response_headers for the request's origin
  bool keep_alive = false;
  std::chrono::seconds timeout{30};  // to write the whole response
};

// Writes `r`; true when all of it was written (the caller decides whether the connection stays).
boost::asio::awaitable<bool> write_response(boost::beast::tcp_stream& stream, const ResponseContext& ctx,
                                            HttpResponse& r);

// The answer to a CORS preflight (OPTIONS): 204 with `cors_preflight` headers. True when written.
boost::asio::awaitable<bool> write_preflight(boost::beast::tcp_stream& stream, unsigned version,
                                             const Fields& cors_preflight, bool keep_alive);

// A request Beast could not parse: 400 (or 431 when its head is too large), then the connection closes.
boost::asio::awaitable<void> write_malformed(boost::beast::tcp_stream& stream, int status);

}  // namespace tc::net
