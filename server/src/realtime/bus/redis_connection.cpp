#include "realtime/bus/redis_connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>

#include "core/logging.hpp"

namespace tc::realtime::bus {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {
auto log() {
  static auto l = core::logger("realtime.bus");
  return l;
}
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr size_t kReadChunk = 64 * 1024;

// PING's answer: +PONG, or ["pong", ""] on a connection in subscribe mode.
bool is_pong(const RespValue& v) {
  if (v.type == RespValue::Type::status) return v.str == "PONG";
  return v.type == RespValue::Type::array && !v.elements.empty() && v.elements[0].str == "pong";
}
}  // namespace

RedisConnection::RedisConnection(BusStrand strand, RedisAddress address, std::string name,
                                 RedisConnectionCallbacks callbacks)
    : strand_(std::move(strand)),
      address_(std::move(address)),
      name_(std::move(name)),
      callbacks_(std::move(callbacks)),
      socket_(strand_),
      timer_(strand_),
      keepalive_(strand_) {}

void RedisConnection::start() {
  asio::co_spawn(strand_, run(), [name = name_](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      log()->error("msg=\"redis connection loop failed\" conn={} error=\"{}\"", name, ex.what());
    }
  });
}

void RedisConnection::stop() {
  asio::dispatch(strand_, [this] {
    stopped_ = true;
    boost::system::error_code ignored;
    socket_.close(ignored);
    timer_.cancel();
    keepalive_.cancel();
  });
}

asio::awaitable<void> RedisConnection::run() {
  const tcp::endpoint endpoint(asio::ip::make_address(address_.ip), address_.port);
  while (!stopped_) {
    socket_ = tcp::socket(strand_);
    // The deadline closes the socket, which ends a connect that hangs (a dropped SYN).
    timer_.expires_after(kConnectTimeout);
    timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec && !connected_) {
        boost::system::error_code ignored;
        socket_.close(ignored);
      }
    });
    auto [ec] = co_await socket_.async_connect(endpoint, use_tuple);
    timer_.cancel();
    if (!ec && !stopped_) {
      socket_.set_option(tcp::no_delay(true), ec);
      connected_ = true;
      last_heard_ = std::chrono::steady_clock::now();
      // Up once Redis answers this: a hung Redis still completes the TCP handshake (the kernel does).
      queue(resp_command({"PING"}));
      keepalive(generation_);
      co_await read_loop();
      connected_ = false;
      up_ = false;
      keepalive_.cancel();
      ++generation_;  // a write or timer still in flight on the old socket must not touch the next one
      writing_ = false;
      out_.clear();
      queued_bytes_ = 0;
    } else if (was_up_ && !stopped_) {
      log()->warn("msg=\"redis unreachable, retrying\" conn={} addr={}:{} error=\"{}\"", name_, address_.ip,
                  address_.port, ec.message());
      was_up_ = false;
    }
    boost::system::error_code ignored;
    socket_.close(ignored);
    if (callbacks_.on_down) callbacks_.on_down();
    if (stopped_) break;
    timer_.expires_after(backoff_);
    co_await timer_.async_wait(use_tuple);
    backoff_ = std::min(backoff_ * 2, std::chrono::duration_cast<std::chrono::milliseconds>(kMaxBackoff));
  }
}

void RedisConnection::on_reply(RespValue&& v) {
  if (!is_pong(v)) {
    if (up_ && callbacks_.on_reply) callbacks_.on_reply(std::move(v));
    return;
  }
  if (up_) return;
  up_ = true;
  backoff_ = std::chrono::duration_cast<std::chrono::milliseconds>(kMinBackoff);
  if (!was_up_) log()->info("msg=\"redis connected\" conn={} addr={}:{}", name_, address_.ip, address_.port);
  was_up_ = true;
  if (callbacks_.on_up) callbacks_.on_up();
}

void RedisConnection::keepalive(uint64_t generation) {
  keepalive_.expires_after(kPingInterval);
  keepalive_.async_wait([this, generation](const boost::system::error_code& ec) {
    if (ec || stopped_ || generation != generation_) return;
    const auto silent = std::chrono::steady_clock::now() - last_heard_;
    if (silent >= kSilenceLimit) {
      // Once per outage: a new connection to a Redis that still does not answer ends here quietly.
      if (was_up_) {
        log()->warn("msg=\"redis not answering, reconnecting\" conn={} addr={}:{} silent_ms={}", name_, address_.ip,
                    address_.port, std::chrono::duration_cast<std::chrono::milliseconds>(silent).count());
      }
      was_up_ = false;
      boost::system::error_code ignored;
      socket_.close(ignored);  // ends the read loop, which reconnects
      return;
    }
    queue(resp_command({"PING"}));
    keepalive(generation);
  });
}

asio::awaitable<void> RedisConnection::read_loop() {
  RespReader reader;
  std::string buf(kReadChunk, '\0');
  for (;;) {
    auto [ec, n] = co_await socket_.async_read_some(asio::buffer(buf), use_tuple);
    if (ec || stopped_) {
      // Aborted: we closed it (stop(), or keepalive found Redis silent and said so).
      if (!stopped_ && ec != asio::error::operation_aborted) fail("read", ec);
      co_return;
    }
    last_heard_ = std::chrono::steady_clock::now();
    try {
      reader.feed(std::string_view(buf.data(), n));
      while (auto v = reader.next()) on_reply(std::move(*v));
    } catch (const RespError& e) {
      log()->error("msg=\"redis protocol error, reconnecting\" conn={} error=\"{}\"", name_, e.what());
      co_return;
    }
  }
}

bool RedisConnection::send(std::string command) { return up_ && queue(std::move(command)); }

bool RedisConnection::queue(std::string command) {
  if (!connected_ || queued_bytes_ + command.size() > kMaxQueuedBytes) return false;
  queued_bytes_ += command.size();
  out_.push_back(std::move(command));
  if (!writing_) do_write();
  return true;
}

void RedisConnection::do_write() {
  if (out_.empty() || !connected_) {
    writing_ = false;
    return;
  }
  writing_ = true;
  // Coalesce what is queued into one write: a burst of PUBLISHes is one syscall.
  auto batch = std::make_shared<std::string>(std::move(out_.front()));
  out_.pop_front();
  while (!out_.empty() && batch->size() < 256 * 1024) {
    batch->append(out_.front());
    out_.pop_front();
  }
  asio::async_write(socket_, asio::buffer(*batch),
                    [this, batch, gen = generation_](const boost::system::error_code& ec, size_t) {
                      if (gen != generation_) return;
                      queued_bytes_ -= std::min(queued_bytes_, batch->size());
                      if (ec) {
                        writing_ = false;
                        if (!stopped_) fail("write", ec);
                        boost::system::error_code ignored;
                        socket_.close(ignored);  // ends the read loop, which reconnects
                        return;
                      }
                      do_write();
                    });
}

void RedisConnection::fail(const char* what, const boost::system::error_code& ec) {
  log()->warn("msg=\"redis connection lost, reconnecting\" conn={} op={} error=\"{}\"", name_, what, ec.message());
  was_up_ = false;
}

}  // namespace tc::realtime::bus
