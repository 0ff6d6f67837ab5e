// The delivery audit: expected events and tiers, passes per node summed (sockets) and spread over
// nodes (latest last − earliest first), bounded.
#include "realtime/release/delivery_log.hpp"

#include <gtest/gtest.h>

namespace tc::realtime::release {
namespace {

TEST(DeliveryLog, SumsNodesAndSpreadsOverThem) {
  DeliveryLog log;
  log.expect("al1", "streamer", "alert", 4, 1000, {{"PREMIUM", 1000}, {"FREE", 3000}});
  log.expect("al1", "streamer", "alert", 4, 1000, {{"PREMIUM", 1000}, {"FREE", 3000}});  // every node expects it
  log.record("al1", 4, "PREMIUM", {"nodeA", 1001, 10, 1'001'000, 1'001'400, 400});
  auto d = log.get("al1");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->owner, "streamer");
  ASSERT_EQ(d->events.size(), 1u);
  const auto& e = d->events[0];
  EXPECT_EQ(e.groups[0].sockets(), 10);
  EXPECT_EQ(e.groups[0].spread_us(), 400) << "one node: its own steady spread";
  EXPECT_FALSE(e.groups[1].released());
  log.record("al1", 4, "PREMIUM", {"nodeB", 1002, 5, 1'001'200, 1'002'100, 900});
  log.record("al1", 4, "PREMIUM", {"nodeB", 1002, 6, 1'001'200, 1'002'100, 900});  // a repeat replaces
  log.record("al1", 4, "PREMIUM", {"nodeC", 1002, 0, 0, 0, 0});                    // nobody there
  d = log.get("al1");
  const auto& g = d->events[0].groups[0];
  EXPECT_EQ(g.passes.size(), 3u);
  EXPECT_EQ(g.sockets(), 16);
  EXPECT_EQ(g.spread_us(), 1100) << "1'002'100 − 1'001'000 across nodes";
  EXPECT_EQ(g.released_at_ms(), 1001);
}

TEST(DeliveryLog, EventsInSeqOrderUnknownOnesIgnoredOldestForgotten) {
  DeliveryLog log;
  log.expect("al1", "s", "alert_updated", 9, 2000, {{"FREE", 2000}});
  log.expect("al1", "s", "alert", 4, 1000, {{"FREE", 1000}});
  log.record("al1", 5, "FREE", {"n", 1, 1, 1, 1, 0});   // no such event
  log.record("nope", 4, "FREE", {"n", 1, 1, 1, 1, 0});  // no such subject
  log.record("al1", 4, "BASIC", {"n", 1, 1, 1, 1, 0});  // no such tier
  const auto d = log.get("al1");
  ASSERT_EQ(d->events.size(), 2u);
  EXPECT_EQ(d->events[0].seq, 4);
  EXPECT_EQ(d->events[1].event, "alert_updated");
  EXPECT_FALSE(d->events[0].groups[0].released());
  EXPECT_FALSE(log.get("nope"));
  for (size_t i = 0; i < DeliveryLog::kMaxSubjects; ++i) log.expect("x" + std::to_string(i), "s", "alert", 1, 1, {});
  EXPECT_FALSE(log.get("al1")) << "the oldest subject goes first";
  EXPECT_TRUE(log.get("x0"));
}

}  // namespace
}  // namespace tc::realtime::release
