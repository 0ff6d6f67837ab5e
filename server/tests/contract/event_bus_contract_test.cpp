// One suite, every EventBus: the in-process bus (always) and Redis pub/sub (TC_TEST_REDIS_URL names a
// server; TC_REQUIRE_REDIS=1 turns its absence into a failure). The common contract runs on both;
// the cross-node checks run two Redis buses ("nodes") against one server, each test on its own
// channel prefix so runs do not hear each other.
#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "core/ids.hpp"
#include "core/metrics.hpp"
#include "realtime/bus/local_event_bus.hpp"
#include "realtime/bus/redis_event_bus.hpp"

using namespace tc::realtime::bus;
using namespace std::chrono_literals;

namespace {

// What a subscriber received, readable from the test thread.
struct Inbox {
  std::mutex m;
  std::condition_variable cv;
  std::vector<std::pair<std::string, std::string>> got;  // origin, data
  int ready = 0;
  Handler handler() {
    return [this](const BusMessage& msg) {
      std::lock_guard l(m);
      got.emplace_back(std::string(msg.origin), std::string(msg.data));
      cv.notify_all();
    };
  }
  ReadyHandler on_ready() {
    return [this] {
      std::lock_guard l(m);
      ++ready;
      cv.notify_all();
    };
  }
  bool wait_for(size_t n, std::chrono::milliseconds d = 5s) {
    std::unique_lock l(m);
    return cv.wait_for(l, d, [&] { return got.size() >= n; });
  }
  bool wait_ready(int n = 1, std::chrono::milliseconds d = 5s) {
    std::unique_lock l(m);
    return cv.wait_for(l, d, [&] { return ready >= n; });
  }
  size_t size() {
    std::lock_guard l(m);
    return got.size();
  }
};

const char* redis_url() {
  const char* url = std::getenv("TC_TEST_REDIS_URL");
  return url && *url ? url : nullptr;
}

class Nodes {
 public:
  explicit Nodes(bool redis) : work_(boost::asio::make_work_guard(ioc_)) {
    prefix_ = "tctest:" + tc::core::random_hex(4) + ":";
    for (int i = 0; i < 2; ++i) {
      if (redis) {
        auto b = std::make_unique<RedisEventBus>(ioc_, parse_redis_url(redis_url()), tc::core::random_hex(8), metrics_,
                                                 prefix_);
        b->start();
        buses_.push_back(std::move(b));
      } else {
        buses_.push_back(std::make_unique<LocalEventBus>(tc::core::random_hex(8)));
      }
    }
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~Nodes() {
    for (auto& b : buses_) b->stop();
    work_.reset();
    ioc_.stop();
    thread_.join();
  }
  EventBus& operator[](size_t i) { return *buses_[i]; }
  tc::core::MetricsRegistry& metrics() { return metrics_; }

 private:
  boost::asio::io_context ioc_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  tc::core::MetricsRegistry metrics_;
  std::string prefix_;
  std::vector<std::unique_ptr<EventBus>> buses_;
  std::thread thread_;
};

class EventBusContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const bool redis = GetParam() == "redis";
    if (redis && !redis_url()) {
      const char* req = std::getenv("TC_REQUIRE_REDIS");
      if (req && std::string(req) == "1") FAIL() << "TC_TEST_REDIS_URL is not set but Redis is required";
      GTEST_SKIP() << "set TC_TEST_REDIS_URL=redis://127.0.0.1:6379 to run on Redis";
    }
    nodes_ = std::make_unique<Nodes>(redis);
  }
  std::unique_ptr<Nodes> nodes_;
};
// What only a bus that spans nodes promises (the in-process bus reaches one process).
class EventBusAcrossNodes : public EventBusContract {};

}  // namespace

TEST_P(EventBusContract, LocalSubscribersGetAPublishOnceBeforeItReturnsWithOurOrigin) {
  auto& bus = (*nodes_)[0];
  Inbox a, b, other;
  bus.subscribe("room:1", a.handler());
  bus.subscribe("room:1", b.handler());
  bus.subscribe("room:2", other.handler());
  bus.publish("room:1", "hello");
  ASSERT_EQ(a.size(), 1u);  // synchronous
  EXPECT_EQ(a.got[0].first, bus.node_id());
  EXPECT_EQ(a.got[0].second, "hello");
  EXPECT_EQ(b.size(), 1u);
  std::this_thread::sleep_for(200ms);  // our message coming back from Redis is not delivered again
  EXPECT_EQ(a.size(), 1u);
  EXPECT_EQ(other.size(), 0u);
}

TEST_P(EventBusContract, UnsubscribeStopsDelivery) {
  auto& bus = (*nodes_)[0];
  Inbox a;
  const auto id = bus.subscribe("room:1", a.handler());
  bus.publish("room:1", "one");
  bus.unsubscribe(id);
  bus.publish("room:1", "two");
  EXPECT_EQ(a.size(), 1u);
  bus.unsubscribe(id);  // twice is harmless
}

TEST_P(EventBusContract, ReadyIsCalledOnceTheSubscriptionIsLive) {
  Inbox a;
  (*nodes_)[0].subscribe("room:1", a.handler(), a.on_ready());
  EXPECT_TRUE(a.wait_ready());
}

TEST_P(EventBusAcrossNodes, OtherNodesGetAPublishOnceWithThePublishersOrigin) {
  auto& n0 = (*nodes_)[0];
  auto& n1 = (*nodes_)[1];
  Inbox there, unrelated;
  n1.subscribe("room:1", there.handler(), there.on_ready());
  n1.subscribe("room:9", unrelated.handler());
  ASSERT_TRUE(there.wait_ready());
  const std::string binary("\0\r\n\xff payload", 12);
  n0.publish("room:1", binary);
  ASSERT_TRUE(there.wait_for(1));
  EXPECT_EQ(there.got[0].first, n0.node_id());
  EXPECT_EQ(there.got[0].second, binary);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(there.size(), 1u);
  EXPECT_EQ(unrelated.size(), 0u);
}

TEST_P(EventBusAcrossNodes, ANodeHearsNothingOfATopicItDoesNotSubscribe) {
  auto& n0 = (*nodes_)[0];
  auto& n1 = (*nodes_)[1];
  Inbox there;
  const auto id = n1.subscribe("room:1", there.handler(), there.on_ready());
  ASSERT_TRUE(there.wait_ready());
  n0.publish("room:1", "first");
  ASSERT_TRUE(there.wait_for(1));
  n1.unsubscribe(id);
  Inbox marker;  // a second topic, to know when Redis has passed the UNSUBSCRIBE
  n1.subscribe("room:2", marker.handler(), marker.on_ready());
  ASSERT_TRUE(marker.wait_ready());
  n0.publish("room:1", "second");
  n0.publish("room:2", "marker");
  ASSERT_TRUE(marker.wait_for(1));
  EXPECT_EQ(there.size(), 1u);
  const auto metrics = nodes_->metrics().render();
  EXPECT_NE(metrics.find("tradecast_bus_received_total"), std::string::npos);
}

TEST_P(EventBusContract, ManyMessagesArriveInOrder) {
  auto& n0 = (*nodes_)[0];
  auto& n1 = (*nodes_)[n0.spans_nodes() ? 1 : 0];
  Inbox there;
  n1.subscribe("room:1", there.handler(), there.on_ready());
  ASSERT_TRUE(there.wait_ready());
  constexpr int kCount = 2000;
  for (int i = 0; i < kCount; ++i) n0.publish("room:1", std::to_string(i));
  ASSERT_TRUE(there.wait_for(kCount, 10s)) << there.size();
  for (int i = 0; i < kCount; ++i) ASSERT_EQ(there.got[static_cast<size_t>(i)].second, std::to_string(i));
}

INSTANTIATE_TEST_SUITE_P(Buses, EventBusContract, ::testing::Values("local", "redis"),
                         [](const auto& info) { return info.param; });
INSTANTIATE_TEST_SUITE_P(Buses, EventBusAcrossNodes, ::testing::Values("redis"),
                         [](const auto& info) { return info.param; });
