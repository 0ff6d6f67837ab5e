#pragma once
// Internal to net: the HTTP server hands an upgrade request to this, which completes the WebSocket
// handshake and returns the connected socket (null when the handshake fails).
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <memory>
#include <string>

#include "core/metrics.hpp"
#include "net/websocket.hpp"

namespace tc::net {

boost::asio::awaitable<std::shared_ptr<WebSocket>> accept_websocket(
    boost::beast::tcp_stream stream, const boost::beast::http::request<boost::beast::http::string_body>& req,
    size_t max_message, std::string remote_ip, core::MetricsRegistry& metrics);

}  // namespace tc::net
