// The pure scheduling of timed releases (realtime/release/release_book): steps in instant order,
// groups sharing an instant released together, ties in the order added, limits, and who is entitled
// when (never before the member's group's instant; once).
#include "realtime/release/release_book.hpp"

#include <gtest/gtest.h>

namespace tc::realtime::release {
namespace {

constexpr int64_t kPosted = 1'800'000'000'000;

TEST(ReleaseBook, StepsComeOutAtTheirInstantsGroupsSharingAnInstantTogether) {
  ReleaseBook book;
  // PREMIUM 0 s, BASIC 0 s, FREE 60 s.
  const auto id = book.add("s1", {kPosted, kPosted, kPosted + 60'000});
  ASSERT_TRUE(id);
  EXPECT_EQ(book.next_at(), kPosted);
  EXPECT_TRUE(book.take_due(kPosted - 1).empty());
  auto due = book.take_due(kPosted);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].release, *id);
  EXPECT_EQ(due[0].at_ms, kPosted);
  EXPECT_EQ(due[0].groups, (std::vector<size_t>{0, 1}));
  EXPECT_FALSE(due[0].last);
  EXPECT_EQ(book.next_at(), kPosted + 60'000);
  EXPECT_TRUE(book.take_due(kPosted + 59'999).empty());
  due = book.take_due(kPosted + 60'000);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].groups, (std::vector<size_t>{2}));
  EXPECT_TRUE(due[0].last);
  book.finish(*id);
  EXPECT_EQ(book.size(), 0u);
  EXPECT_EQ(book.next_at(), std::nullopt);
}

TEST(ReleaseBook, ALateTakeReturnsEveryDueStepInInstantThenInsertionOrder) {
  ReleaseBook book;
  const auto alert = book.add("s1", {kPosted, kPosted + 2'000});
  const auto update = book.add("s1", {kPosted + 1'000, kPosted + 2'000});  // posted 1 s later, same FREE instant
  const auto other = book.add("s2", {kPosted + 500});
  auto due = book.take_due(kPosted + 5'000);
  ASSERT_EQ(due.size(), 5u);
  EXPECT_EQ(due[0].release, *alert);
  EXPECT_EQ(due[1].release, *other);
  EXPECT_EQ(due[2].release, *update);
  EXPECT_EQ(due[2].at_ms, kPosted + 1'000);
  // The shared FREE instant: the alert before its update.
  EXPECT_EQ(due[3].release, *alert);
  EXPECT_EQ(due[4].release, *update);
  EXPECT_TRUE(due[3].last);
  EXPECT_TRUE(due[4].last);
}

TEST(ReleaseBook, AMemberIsEntitledFromItsGroupsInstantAndOnlyOnce) {
  ReleaseBook book;
  const auto id = *book.add("s1", {kPosted, kPosted + 30'000});  // group 0 PREMIUM, group 1 FREE
  const uint64_t premium = 1, free = 2;
  // At the PREMIUM step: the PREMIUM member, not the FREE one.
  EXPECT_TRUE(book.entitled(id, 0, kPosted, premium));
  EXPECT_FALSE(book.entitled(id, 1, kPosted, free));
  EXPECT_TRUE(book.mark(id, premium));
  EXPECT_FALSE(book.mark(id, premium));
  EXPECT_FALSE(book.entitled(id, 0, kPosted + 30'000, premium)) << "reached already";
  // At the FREE step: the FREE member; and one who subscribed in between (now PREMIUM, whose instant
  // has passed) gets it now, once.
  const uint64_t upgraded = 3;
  EXPECT_TRUE(book.entitled(id, 1, kPosted + 30'000, free));
  EXPECT_TRUE(book.entitled(id, 0, kPosted + 30'000, upgraded));
  // Unknown groups and forgotten releases entitle nobody.
  EXPECT_FALSE(book.entitled(id, 7, kPosted + 30'000, free));
  book.finish(id);
  EXPECT_FALSE(book.entitled(id, 1, kPosted + 30'000, free));
  EXPECT_FALSE(book.mark(id, free));
}

TEST(ReleaseBook, LimitsRefuseAndFinishingMakesRoom) {
  ReleaseBook book({3, 2});
  EXPECT_TRUE(book.add("a", {kPosted}));
  const auto a2 = book.add("a", {kPosted + 1});
  EXPECT_TRUE(a2);
  EXPECT_FALSE(book.add("a", {kPosted + 2})) << "per stream";
  EXPECT_TRUE(book.add("b", {kPosted}));
  EXPECT_FALSE(book.add("c", {kPosted})) << "per node";
  EXPECT_EQ(book.size("a"), 2u);
  // Finished before its step (dropped): its step goes too, and its room is free again.
  book.finish(*a2);
  EXPECT_EQ(book.size("a"), 1u);
  EXPECT_TRUE(book.add("c", {kPosted}));
  const auto due = book.take_due(kPosted + 10);
  for (const auto& d : due) EXPECT_NE(d.release, *a2);
  EXPECT_EQ(due.size(), 3u);
  EXPECT_FALSE(book.add("d", {})) << "a release without groups";
}

}  // namespace
}  // namespace tc::realtime::release
