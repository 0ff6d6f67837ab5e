#pragma once
// One Socket.IO v5 client over a raw Engine.IO v4 WebSocket (no polling, no upgrade): connects to the
// /streaming namespace with an auth payload, joins one stream, answers pings, and hands every event
// frame to its owner. It writes frames by hand ("40/streaming,{..}", "42/streaming,[..]") and never
// parses JSON on the hot path, so that one client core can receive hundreds of thousands of messages
// per second.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>

namespace loadgen {

struct Target {
  std::string host = "127.0.0.1";
  uint16_t port = 3200;
  std::string nsp = "/streaming";
};

enum class ClientState { connecting, opened, connected, joined, failed, closed };

class Client {
 public:
  struct Hooks {
    std::function<void(Client&)> on_joined;                    // joined_stream received
    std::function<void(Client&, std::string_view)> on_failed;  // before joining: why
    std::function<void(Client&, std::string_view event, std::string_view frame)> on_event;  // after joining
    std::function<void(Client&)> on_closed;                    // after joining
  };

  // `auth_json`: the CONNECT payload ("{}" or {"token":"..."}); `join_json`: join_stream's argument.
  Client(boost::asio::io_context& io, const Target& target, std::string source_ip, std::string auth_json,
         std::string join_json, const Hooks& hooks);

  boost::asio::awaitable<void> run();
  // Queues one Socket.IO EVENT on the namespace: `42<nsp>,[<args_json>]`.
  void emit(std::string_view args_json);
  void close();
  // A join still pending is abandoned (counted as failed by the caller); false if it already ended.
  bool give_up();

  ClientState state() const { return state_; }
  std::chrono::steady_clock::time_point started() const { return started_; }
  size_t index = 0;

 private:
  void send(std::string frame);
  void do_write();
  void on_frame(std::string_view f);
  void fail(std::string_view why);

  boost::beast::websocket::stream<boost::asio::ip::tcp::socket> ws_;
  boost::beast::flat_buffer buf_;
  const Target& target_;
  std::string source_ip_, auth_json_, join_json_;
  const Hooks& hooks_;
  std::deque<std::string> outbox_;
  bool writing_ = false;
  ClientState state_ = ClientState::connecting;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace loadgen
