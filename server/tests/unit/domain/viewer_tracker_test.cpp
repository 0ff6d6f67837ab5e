// Viewer counts across nodes: this node's viewers plus each other node's latest count, which expires
// when not repeated; changes say whether this node's own count moved (to tell the others).
#include <gtest/gtest.h>

#include "domain/viewers/viewer_tracker.hpp"

using tc::domain::ViewerTracker;

TEST(ViewerTracker, CountSumsThisNodeAndOtherNodes) {
  tc::core::ManualClock clock;
  ViewerTracker t(clock);
  EXPECT_EQ(t.join("s", "u1"), 1);
  EXPECT_EQ(t.join("s", "u1"), 1);  // a second tab
  t.set_remote("s", "nodeB", 3);
  t.set_remote("s", "nodeC", 2);
  EXPECT_EQ(t.count("s"), 6);
  EXPECT_EQ(t.local_count("s"), 1);
  EXPECT_EQ(t.join("s", "u2"), 7);
  EXPECT_EQ(t.peak("s"), 7);
  t.set_remote("s", "nodeB", 0);  // B's viewers left
  EXPECT_EQ(t.count("s"), 4);
  EXPECT_EQ(t.peak("s"), 7);
}

TEST(ViewerTracker, ChangesTellWhetherTheLocalCountMoved) {
  tc::core::ManualClock clock;
  ViewerTracker t(clock);
  t.join("s", "u1");
  auto c = t.take_changes();
  ASSERT_EQ(c.size(), 1u);
  EXPECT_TRUE(c[0].local_changed);
  EXPECT_EQ(c[0].local_count, 1);
  t.set_remote("s", "nodeB", 4);
  c = t.take_changes();
  ASSERT_EQ(c.size(), 1u);
  EXPECT_FALSE(c[0].local_changed);  // only another node's count: nothing to tell the others
  EXPECT_EQ(c[0].viewer_count, 5);
  EXPECT_TRUE(c[0].grew);
  t.set_remote("s", "nodeB", 4);  // repeated, unchanged: no change to broadcast
  EXPECT_TRUE(t.take_changes().empty());
}

TEST(ViewerTracker, OtherNodesCountsExpireUnlessRepeated) {
  tc::core::ManualClock clock;
  ViewerTracker t(clock);
  t.join("s", "u1");
  t.set_remote("s", "nodeB", 2);
  t.set_remote("s", "nodeC", 5);
  clock.advance_ms(ViewerTracker::kRemoteTtlMs - 1000);
  t.set_remote("s", "nodeC", 5);  // C repeats; B has died
  clock.advance_ms(2000);
  t.take_changes();
  t.expire_remote();
  EXPECT_EQ(t.count("s"), 6);
  auto c = t.take_changes();
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].viewer_count, 6);
  EXPECT_FALSE(c[0].grew);
}

TEST(ViewerTracker, ARoomWithOnlyOtherNodesViewersIsKeptUntilForgotten) {
  tc::core::ManualClock clock;
  ViewerTracker t(clock);
  t.join("s", "u1");
  t.set_remote("s", "nodeB", 2);
  t.leave("s", "u1");
  t.take_changes();
  EXPECT_EQ(t.count("s"), 2);
  EXPECT_TRUE(t.local_counts().empty());
  t.forget_remote("s");  // this node stopped listening to the room
  t.take_changes();
  EXPECT_EQ(t.count("s"), 0);
  EXPECT_EQ(t.stream_count(), 0u);
}

TEST(ViewerTracker, CloseAllEndsThisNodesSessions) {
  tc::core::ManualClock clock;
  ViewerTracker t(clock);
  t.join("s", "u1");
  t.join("s2", "u2");
  t.take_sessions();
  t.close_all();
  auto sessions = t.take_sessions();
  ASSERT_EQ(sessions.size(), 2u);
  for (const auto& s : sessions) EXPECT_TRUE(s.left_at.has_value());
  EXPECT_EQ(t.local_count("s"), 0);
}
