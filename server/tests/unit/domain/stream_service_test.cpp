#include <gtest/gtest.h>

#include <set>

#include "unit/domain/service_fixture.hpp"

using tc::test::ServiceFixture;

namespace {
struct Recorder : tc::domain::StreamListener {
  std::vector<std::string> ended;
  void on_stream_ended(const tc::store::StreamRow& s) override { ended.push_back(s.stream_id); }
};
}  // namespace

TEST(StreamService, CreateEndAndIdempotentEnd) {
  ServiceFixture f;
  Recorder rec;
  f.streams.add_listener(&rec);
  auto alice = f.user("alice");
  auto s = f.streams.create(alice, {"  Morning BTC  ", std::string("levels"), std::string("Crypto")});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->title, "Morning BTC");
  EXPECT_EQ(s->category, "crypto");
  EXPECT_EQ(s->status, "LIVE");
  EXPECT_EQ(s->streamer_id, alice.user_id);
  EXPECT_EQ(s->streamer_username, "alice");

  f.clock.advance_ms(90'500);
  auto ended = f.streams.end(alice, s->stream_id);
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->status, "ENDED");
  EXPECT_EQ(ended->duration_seconds, 90);
  EXPECT_EQ(*ended->ended_at - ended->started_at, 90'500);

  f.clock.advance_ms(10'000);
  auto again = f.streams.end(alice, s->stream_id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->ended_at, ended->ended_at);  // unchanged
  EXPECT_EQ(rec.ended.size(), 1u);              // told once
}

TEST(StreamService, OnlyTheOwnerEndsAndLimitsHold) {
  ServiceFixture f;
  auto alice = f.user("alice");
  auto bob = f.user("bob");
  auto s = f.streams.create(alice, {"one", {}, {}});
  ASSERT_TRUE(s);
  EXPECT_EQ(f.streams.end(bob, s->stream_id).error().code, "forbidden");
  EXPECT_EQ(f.streams.get(s->stream_id)->status, "LIVE");
  EXPECT_EQ(f.streams.end(alice, "not-a-uuid").error().code, "stream_not_found");
  EXPECT_EQ(f.streams.get("0b4f6a3e-9d0c-4e4b-8a71-2f3c9e1d5a77").error().code, "stream_not_found");

  ASSERT_TRUE(f.streams.create(alice, {"two", {}, {}}));
  EXPECT_EQ(f.streams.create(alice, {"three", {}, {}}).error().code, "too_many_live_streams");
  EXPECT_EQ(f.streams.create(alice, {"", {}, {}}).error().code, "title_required");
}

TEST(StreamService, DirectoryPagesThroughEveryStreamOnce) {
  ServiceFixture f;
  std::vector<tc::domain::Identity> users;
  for (int i = 0; i < 5; ++i) users.push_back(f.user("user" + std::to_string(i)));
  std::set<std::string> created;
  for (int i = 0; i < 10; ++i) {
    // Pairs share a start time so the tie-break on stream_id matters.
    if (i % 2 == 0) f.clock.advance_ms(1000);
    auto s = f.streams.create(users[i % 5], {"stream " + std::to_string(i), {}, {}});
    ASSERT_TRUE(s) << s.error().code;
    created.insert(s->stream_id);
  }
  std::set<std::string> seen;
  std::optional<std::string> cursor;
  int pages = 0;
  int64_t last_started = INT64_MAX;
  do {
    tc::domain::ListStreamsInput in;
    in.limit = 3;
    in.cursor = cursor;
    auto page = f.streams.list(in);
    ASSERT_TRUE(page);
    for (const auto& s : page->streams) {
      EXPECT_TRUE(seen.insert(s.stream_id).second) << "seen twice";
      EXPECT_LE(s.started_at, last_started);
      last_started = s.started_at;
    }
    cursor = page->next_cursor;
    ++pages;
  } while (cursor && pages < 10);
  EXPECT_EQ(seen, created);
  EXPECT_EQ(pages, 4);

  tc::domain::ListStreamsInput bad;
  bad.status = "PAUSED";
  EXPECT_EQ(f.streams.list(bad).error().code, "invalid_status");
  bad = {};
  bad.limit = 0;
  EXPECT_EQ(f.streams.list(bad).error().code, "invalid_limit");
  bad = {};
  bad.cursor = "nope";
  EXPECT_EQ(f.streams.list(bad).error().code, "invalid_cursor");
  bad = {};
  bad.text = std::string(101, 'q');
  EXPECT_EQ(f.streams.list(bad).error().code, "query_too_long");
}
