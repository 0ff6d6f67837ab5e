#pragma once
// One TCP connection to Redis that keeps itself up: connect (bounded), read replies in order, write a
// bounded queue of commands, and on any failure close, wait (100 ms doubling to 5 s) and connect
// again. The owner learns of each (re)connect and loss through callbacks and re-establishes its state
// (SUBSCRIBE) itself. Everything runs on the connection's strand; send() must be called there too.
//
// A Redis that accepts connections but answers nothing (hung: SIGSTOP, a stuck host) is the hard case:
// TCP stays up and writes vanish into buffers. So the connection counts as up only once Redis has
// answered a PING sent right after connecting, and a PING goes out every kPingInterval while up; when
// nothing at all (no reply, no push) has arrived for kSilenceLimit, the connection is dropped and made
// again. PING replies are consumed here; the owner never sees them.
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
  std::function<void()> on_up;                // connected and Redis answered; queue is empty
  std::function<void(RespValue&&)> on_reply;  // each reply or push, in order
  std::function<void()> on_down;              // lost (or never made); a reconnect follows unless stopped
};

class RedisConnection {
 public:
  static constexpr auto kConnectTimeout = std::chrono::seconds(3);
  static constexpr auto kMinBackoff = std::chrono::milliseconds(100);
  static constexpr auto kMaxBackoff = std::chrono::seconds(5);
  static constexpr size_t kMaxQueuedBytes = 8 * 1024 * 1024;  // beyond: send() refuses (Redis too slow)
  // A PING a second while up; three seconds without a byte from Redis and it is taken as hung (a
  // healthy Redis answers a PING in well under a millisecond; a single command taking seconds, such
  // as KEYS on a huge database, would also trip it, and reconnecting is the right answer then too).
  static constexpr auto kPingInterval = std::chrono::seconds(1);
  static constexpr auto kSilenceLimit = std::chrono::seconds(3);

  RedisConnection(BusStrand strand, RedisAddress address, std::string name, RedisConnectionCallbacks callbacks);

  void start();  // any thread
  void stop();   // any thread; the connection closes and stays closed

  // ---- strand only
  bool up() const { return up_; }
  // Queues one encoded command. False when not up or the queue is full (the caller counts it).
  bool send(std::string command);
  size_t queued_bytes() const { return queued_bytes_; }
  const BusStrand& strand() const { return strand_; }

 private:
  boost::asio::awaitable<void> run();
  boost::asio::awaitable<void> read_loop();
  // One reply: PONGs end the handshake (on_up) and are consumed; the rest go to on_reply.
  void on_reply(RespValue&& v);
  bool queue(std::string command);  // send() without the up check: the handshake PING
  void do_write();
  void keepalive(uint64_t generation);  // PING every kPingInterval; drops a silent connection
  void fail(const char* what, const boost::system::error_code& ec);

  BusStrand strand_;
  const RedisAddress address_;
  const std::string name_;
  RedisConnectionCallbacks callbacks_;
  // Strand only:
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer timer_;      // connect deadline, then backoff
  boost::asio::steady_timer keepalive_;  // the PING interval while connected
  std::deque<std::string> out_;
  size_t queued_bytes_ = 0;
  bool writing_ = false;
  uint64_t generation_ = 0;                             // one per connection made
  bool connected_ = false;                              // the TCP connection is made
  bool up_ = false;                                     // ... and Redis answered on it
  std::chrono::steady_clock::time_point last_heard_{};  // the last bytes from Redis
  std::chrono::milliseconds backoff_{kMinBackoff};
  bool stopped_ = false;
  bool was_up_ = true;  // log the first failure after being up, not every retry
};

}  // namespace tc::realtime::bus
