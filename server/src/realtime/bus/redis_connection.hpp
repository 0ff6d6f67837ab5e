#pragma once
// One TCP connection to Redis that keeps itself up: connect (bounded), read replies in order, write a
// bounded queue of commands, and on any failure close, wait (100 ms doubling to 5 s) and connect
// again. The owner learns of each (re)connect and loss through callbacks and re-establishes its state
// (SUBSCRIBE) itself. Everything runs on the connection's strand; send() must be called there too.
//
// Why not hiredis's async context: it has no timeouts or reconnect, frees itself inside its own
// callbacks and would need an event-loop adapter over the raw fd. Owning the socket in Asio gives
// cancellation, timeouts and reconnect for free; hiredis still does the protocol (resp.hpp).
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <string>

#include "realtime/bus/resp.hpp"

namespace tc::realtime::bus {

using BusStrand = boost::asio::strand<boost::asio::io_context::executor_type>;

struct RedisConnectionCallbacks {
  std::function<void()> on_up;               // connected; queue is empty
  std::function<void(RespValue&&)> on_reply;  // each reply or push, in order
  std::function<void()> on_down;             // lost (or never made); a reconnect follows unless stopped
};

class RedisConnection {
 public:
  static constexpr auto kConnectTimeout = std::chrono::seconds(3);
  static constexpr auto kMinBackoff = std::chrono::milliseconds(100);
  static constexpr auto kMaxBackoff = std::chrono::seconds(5);
  static constexpr size_t kMaxQueuedBytes = 8 * 1024 * 1024;  // beyond: send() refuses (Redis too slow)

  RedisConnection(BusStrand strand, RedisAddress address, std::string name, RedisConnectionCallbacks callbacks);

  void start();  // any thread
  void stop();   // any thread; the connection closes and stays closed

  // ---- strand only
  bool up() const { return up_; }
  // Queues one encoded command. False when not connected or the queue is full (the caller counts it).
  bool send(std::string command);
  size_t queued_bytes() const { return queued_bytes_; }
  const BusStrand& strand() const { return strand_; }

 private:
  boost::asio::awaitable<void> run();
  boost::asio::awaitable<void> read_loop();
  void do_write();
  void fail(const char* what, const boost::system::error_code& ec);

  BusStrand strand_;
  const RedisAddress address_;
  const std::string name_;
  RedisConnectionCallbacks callbacks_;
  // Strand only:
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer timer_;  // connect deadline, then backoff
  std::deque<std::string> out_;
  size_t queued_bytes_ = 0;
  bool writing_ = false;
  uint64_t generation_ = 0;  // one per connection made
  bool up_ = false;
  bool stopped_ = false;
  bool was_up_ = true;  // log the first failure after being up, not every retry
};

}  // namespace tc::realtime::bus
