#pragma once
// Internal to net: one HTTP/1.1 connection, a coroutine on the connection's own strand. Per
// request: read the header → route → read the body (net/request_body.hpp) → dispatch → write
// (net/http_response_writer.hpp); a WebSocket upgrade hands the socket over and ends it.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <memory>

namespace tc::net {

struct HttpServerContext;

// Serves `socket` until the client leaves, an error, a timeout, or the server stops.
boost::asio::awaitable<void> serve_connection(std::shared_ptr<HttpServerContext> ctx,
                                              boost::asio::ip::tcp::socket socket);

}  // namespace tc::net
