// Broadcast fan-out through session inboxes (Session::push_inbox + drain_all), on an io_context with
// two threads: every message reaches every session in the order it was sent, whether it came as a
// broadcast or a direct send, from off the strands or from a session's own strand; the session's
// transport is only ever called on the session's strand; the send-queue limits still hold.
#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include <chrono>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "realtime/engineio/server.hpp"
#include "realtime/engineio/session.hpp"

namespace {
namespace asio = boost::asio;
using namespace tc;
using tc::realtime::engineio::Session;
using tc::realtime::engineio::Strand;

// The session's WebSocket end: records what is sent and whether it was sent on the session's strand.
// (The socket itself is covered by the integration tests; here only the session's calls matter.)
class RecordingSocket final : public net::WebSocket {
 public:
  explicit RecordingSocket(Strand strand) : strand_(std::move(strand)) {}
  asio::any_io_executor executor() const override { return strand_; }
  void start(std::shared_ptr<Listener> listener) override { listener_ = std::move(listener); }
  void send(net::SharedBytes data, bool) override {
    std::lock_guard lock(mutex_);
    if (!strand_.running_in_this_thread()) ++off_strand_;
    got_.push_back(*data);
  }
  void close(uint16_t, std::string) override {
    std::lock_guard lock(mutex_);
    closed_ = true;
    listener_.reset();  // the real socket lets go of its listener once closed
  }
  size_t queued_bytes() const override { return queued.load(); }
  const std::string& remote_ip() const override { return ip_; }

  std::vector<std::string> got() {
    std::lock_guard lock(mutex_);
    return got_;
  }
  int off_strand() {
    std::lock_guard lock(mutex_);
    return off_strand_;
  }
  bool closed() {
    std::lock_guard lock(mutex_);
    return closed_;
  }
  void release() { listener_.reset(); }
  std::atomic<size_t> queued{0};  // what the session sees as not yet written

 private:
  Strand strand_;
  std::string ip_ = "127.0.0.1";
  std::mutex mutex_;
  std::vector<std::string> got_;
  int off_strand_ = 0;
  bool closed_ = false;
  std::shared_ptr<Listener> listener_;  // holds the session, as the real socket does until it closes
};

net::SharedBytes bytes(std::string s) { return std::make_shared<const std::string>(std::move(s)); }

class FanoutTest : public ::testing::Test {
 protected:
  FanoutTest()
      : work_(asio::make_work_guard(ioc_)),
        server_(ioc_, options(), clock_, metrics_, [](const std::shared_ptr<Session>&) { return nullptr; }) {
    for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { ioc_.run(); });
  }
  ~FanoutTest() override {
    for (auto& s : sockets_) s->release();
    sessions_.clear();
    work_.reset();
    ioc_.stop();
    for (auto& t : threads_) t.join();
  }
  static realtime::engineio::Options options() {
    realtime::engineio::Options o;
    o.io_threads = 2;
    o.ping_interval = std::chrono::hours(1);  // no pings in the middle of the sequences
    o.send_queue_soft_bytes = 100'000;
    o.send_queue_hard_bytes = 200'000;
    return o;
  }
  void open(int n) {
    for (int i = 0; i < n; ++i) {
      auto strand = asio::make_strand(ioc_);
      auto ws = std::make_shared<RecordingSocket>(strand);
      auto s = std::make_shared<Session>("s" + std::to_string(i), strand, server_.options(),
                                         realtime::engineio::Handshake{}, server_);
      std::promise<void> opened;
      asio::post(strand, [&] {
        s->open_websocket(ws);
        opened.set_value();
      });
      opened.get_future().wait();
      sessions_.push_back(s);
      sockets_.push_back(ws);
    }
  }
  // What Namespace::broadcast_encoded does for a room of `sessions_`.
  void broadcast(const std::string& text, bool droppable = false) {
    auto b = bytes(text);
    std::vector<std::shared_ptr<Session>> due;
    for (auto& s : sessions_) {
      if (s->push_inbox(b, false, droppable)) due.push_back(s);
    }
    realtime::engineio::drain_all(std::move(due));
  }
  // Every socket's messages after the open packet, once each (or socket `only`) holds `n` of them
  // (or 10 s passed).
  std::vector<std::vector<std::string>> received(size_t n, int only = -1) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    std::vector<std::vector<std::string>> out;
    for (;;) {
      out.clear();
      bool all = true;
      for (size_t k = 0; k < sockets_.size(); ++k) {
        auto got = sockets_[k]->got();
        if (!got.empty()) got.erase(got.begin());  // the open packet
        if (only < 0 || static_cast<size_t>(only) == k) all = all && got.size() >= n;
        out.push_back(std::move(got));
      }
      if (all || std::chrono::steady_clock::now() > give_up) return out;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }

  asio::io_context ioc_{2};
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  core::ManualClock clock_;
  core::MetricsRegistry metrics_;
  realtime::engineio::Server server_;
  std::vector<std::thread> threads_;
  std::vector<std::shared_ptr<Session>> sessions_;
  std::vector<std::shared_ptr<RecordingSocket>> sockets_;
};

TEST_F(FanoutTest, BroadcastsAndDirectSendsFromOffTheStrandsKeepTheirOrderPerSession) {
  open(16);
  std::vector<std::string> expected;
  for (int i = 0; i < 600; ++i) {
    const auto text = "4m" + std::to_string(i);
    if (i % 3 == 0) {
      for (auto& s : sessions_) s->send(bytes(text), false);
    } else {
      broadcast(text);
    }
    expected.push_back(text);
  }
  const auto got = received(expected.size());
  for (size_t k = 0; k < sockets_.size(); ++k) {
    EXPECT_EQ(got[k], expected) << "session " << k;
    EXPECT_EQ(sockets_[k]->off_strand(), 0) << "session " << k;
  }
}

TEST_F(FanoutTest, ABroadcastFromASessionsOwnStrandStaysAheadOfItsLaterDirectSends) {
  open(8);
  std::promise<void> done;
  // A handler on session 0's strand (say, its chat message): broadcast, then a direct send to itself
  // (on its strand: inline) and to session 1 (off its strand), several times over.
  asio::post(sessions_[0]->strand(), [&] {
    for (int i = 0; i < 200; ++i) {
      broadcast("4b" + std::to_string(i));
      sessions_[0]->send(bytes("4d" + std::to_string(i)), false);
      sessions_[1]->send(bytes("4d" + std::to_string(i)), false);
    }
    done.set_value();
  });
  done.get_future().wait();
  std::vector<std::string> with_direct, broadcast_only;
  for (int i = 0; i < 200; ++i) {
    with_direct.push_back("4b" + std::to_string(i));
    with_direct.push_back("4d" + std::to_string(i));
    broadcast_only.push_back("4b" + std::to_string(i));
  }
  auto got = received(broadcast_only.size());
  for (size_t k = 2; k < sockets_.size(); ++k) EXPECT_EQ(got[k], broadcast_only) << "session " << k;
  EXPECT_EQ(received(with_direct.size(), 0)[0], with_direct);
  EXPECT_EQ(received(with_direct.size(), 1)[1], with_direct);
  for (auto& ws : sockets_) EXPECT_EQ(ws->off_strand(), 0);
}

TEST_F(FanoutTest, TheSendQueueLimitsHoldForBroadcasts) {
  open(2);
  sockets_[0]->queued = 150'000;  // above soft: droppable broadcasts skip session 0
  broadcast("4count", true);
  broadcast("4chat");
  auto got = received(2, 1);
  EXPECT_EQ(got[0], std::vector<std::string>{"4chat"});
  EXPECT_EQ(got[1], (std::vector<std::string>{"4count", "4chat"}));

  sockets_[0]->queued = 199'950;  // the next message passes hard: session 0 is closed as too slow
  broadcast("4" + std::string(100, 'x'));
  got = received(3, 1);
  EXPECT_EQ(got[1].size(), 3u);
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!sockets_[0]->closed() && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_TRUE(sockets_[0]->closed());
  EXPECT_FALSE(sockets_[1]->closed());
}

}  // namespace
