// One suite, every Store implementation: SQLite (always) and MariaDB (TC_TEST_MYSQL_URL names a
// server whose user may create databases; TC_REQUIRE_MARIADB=1 turns its absence into a failure).
#include <soci/soci.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <set>
#include <thread>

#include "core/ids.hpp"
#include "store/store.hpp"
#include "support/test_database.hpp"

using namespace tc::store;

namespace {

class StoreContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (const auto missing = tc::test::database_missing(GetParam())) {
      if (tc::test::database_required()) FAIL() << *missing;
      GTEST_SKIP() << *missing;
    }
    db_ = std::make_unique<tc::test::TestDatabase>(GetParam(), "tc_contract_");
    store_ = open_store(db_->url(), db_->data_dir(), 4);
    store_->migrate();
  }

  void TearDown() override {
    store_.reset();
    db_.reset();
  }

  UserRow user(const std::string& name) {
    UserRow u;
    u.id = tc::core::new_uuid();
    u.username = name;
    u.username_key = name;
    u.password_hash = "$argon2id$hash";
    u.created_at = 1'700'000'000'000;
    EXPECT_TRUE(store_->users().insert(u));
    return u;
  }

  StreamRow stream(const UserRow& owner, const std::string& title, int64_t started_at,
                   const std::string& category = "trading") {
    StreamRow s;
    s.stream_id = tc::core::new_uuid();
    s.streamer_id = owner.id;
    s.title = title;
    s.category = category;
    s.started_at = s.created_at = started_at;
    return s;
  }

  std::unique_ptr<tc::test::TestDatabase> db_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreContract, MigrationsAreIdempotentAndThePingAnswers) {
  const int v = store_->schema_version();
  EXPECT_GE(v, 1);
  store_->migrate();
  EXPECT_EQ(store_->schema_version(), v);
  EXPECT_TRUE(store_->ping());
  EXPECT_EQ(store_->dialect(), GetParam());
}

TEST_P(StoreContract, UsersAreUniqueByKeyAndKeepNulls) {
  auto a = user("alice");
  UserRow dup = a;
  dup.id = tc::core::new_uuid();
  EXPECT_FALSE(store_->users().insert(dup));
  UserRow ext;
  ext.id = "external-subject-1";
  ext.username = ext.username_key = "ext";
  ext.origin = "external";
  ext.created_at = 1'800'000'000'123;  // needs 64 bits
  ASSERT_TRUE(store_->users().insert(ext));

  auto got = store_->users().by_username_key("alice");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, a.id);
  EXPECT_EQ(got->password_hash, a.password_hash);
  auto e = store_->users().by_id("external-subject-1");
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->password_hash);
  EXPECT_EQ(e->origin, "external");
  EXPECT_EQ(e->created_at, 1'800'000'000'123);
  EXPECT_FALSE(store_->users().by_id("nobody"));
}

// Issue 12: an external issuer's (issuer, subject) maps to one user, written with it atomically.
TEST_P(StoreContract, ExternalIdentitiesMapIssuerAndSubjectToTheirOwnUser) {
  auto local = user("alice");
  UserRow ext;
  ext.id = tc::core::new_uuid();
  ext.username = ext.username_key = "ext_alice";
  ext.origin = "external";
  ext.created_at = 1'800'000'000'123;
  ASSERT_TRUE(store_->users().insert_external(ext, "https://platform.example", local.id));
  auto got = store_->users().by_external("https://platform.example", local.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, ext.id);
  EXPECT_EQ(got->origin, "external");
  EXPECT_EQ(got->created_at, 1'800'000'000'123);
  EXPECT_FALSE(store_->users().by_external("https://other.example", local.id));
  EXPECT_FALSE(store_->users().by_external("", local.id));

  // The mapping taken: refused, and the second user is not written either (one transaction).
  UserRow twin = ext;
  twin.id = tc::core::new_uuid();
  twin.username = twin.username_key = "ext_twin";
  EXPECT_FALSE(store_->users().insert_external(twin, "https://platform.example", local.id));
  EXPECT_FALSE(store_->users().by_id(twin.id));
  // The user's name taken: refused, no mapping written.
  UserRow clash = twin;
  clash.username = clash.username_key = "alice";
  EXPECT_FALSE(store_->users().insert_external(clash, "https://other.example", "s-2"));
  EXPECT_FALSE(store_->users().by_external("https://other.example", "s-2"));
  // Long issuers (up to the token service's 200 bytes) fit the key.
  UserRow longer = twin;
  longer.username = longer.username_key = "ext_long";
  const std::string long_issuer = "https://" + std::string(192, 'i');
  ASSERT_TRUE(store_->users().insert_external(longer, long_issuer, std::string(64, 's')));
  EXPECT_EQ(store_->users().by_external(long_issuer, std::string(64, 's'))->id, twin.id);
}

TEST_P(StoreContract, StreamsRoundTripUtf8mb4AndEndOnce) {
  auto a = user("alice");
  auto s = stream(a, "BTC 📈 ünïcode", 1'800'000'000'000);
  s.description = "multi\nline 🚀";
  ASSERT_TRUE(store_->streams().insert_if_under_live_limit(s, 3));
  auto got = store_->streams().get(s.stream_id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->title, "BTC 📈 ünïcode");
  EXPECT_EQ(got->description, "multi\nline 🚀");
  EXPECT_EQ(got->streamer_username, "alice");
  EXPECT_EQ(got->status, "LIVE");
  EXPECT_TRUE(got->is_recording);
  EXPECT_FALSE(got->ended_at);
  EXPECT_EQ(got->started_at, 1'800'000'000'000);

  EXPECT_TRUE(store_->streams().end(s.stream_id, 1'800'000'060'000, 60));
  EXPECT_FALSE(store_->streams().end(s.stream_id, 1'800'000'090'000, 90));
  got = store_->streams().get(s.stream_id);
  EXPECT_EQ(got->status, "ENDED");
  EXPECT_EQ(got->ended_at, 1'800'000'060'000);
  EXPECT_EQ(got->duration_seconds, 60);
  EXPECT_FALSE(store_->streams().end(tc::core::new_uuid(), 1, 1));
}

TEST_P(StoreContract, MediaUrlsAreStoredEvenAfterTheEnd) {
  auto a = user("alice");
  auto s = stream(a, "media", 1'800'000'000'000);
  ASSERT_TRUE(store_->streams().insert_if_under_live_limit(s, 3));
  EXPECT_TRUE(store_->streams().set_thumbnail_url(s.stream_id, "/media/x/thumbnail.jpg"));
  EXPECT_TRUE(store_->streams().set_thumbnail_url(s.stream_id, "/media/x/thumbnail.jpg"));  // same value again
  ASSERT_TRUE(store_->streams().end(s.stream_id, 1'800'000'060'000, 60));
  EXPECT_TRUE(store_->streams().set_recording_url(s.stream_id, "/media/x/recording.mkv"));
  auto got = store_->streams().get(s.stream_id);
  EXPECT_EQ(got->thumbnail_url, "/media/x/thumbnail.jpg");
  EXPECT_EQ(got->recording_url, "/media/x/recording.mkv");
  EXPECT_FALSE(store_->streams().set_recording_url(tc::core::new_uuid(), "/nope"));
}

TEST_P(StoreContract, RecordingStateFollowsTheUpload) {
  auto a = user("alice");
  auto s = stream(a, "vod", 1'800'000'000'000);
  ASSERT_TRUE(store_->streams().insert_if_under_live_limit(s, 3));
  EXPECT_EQ(store_->streams().get(s.stream_id)->recording_state, std::nullopt);
  ASSERT_TRUE(store_->streams().end(s.stream_id, 1'800'000'060'000, 60));
  EXPECT_TRUE(store_->streams().set_recording_state(s.stream_id, "pending"));
  EXPECT_EQ(store_->streams().get(s.stream_id)->recording_state, "pending");
  EXPECT_TRUE(store_->streams().set_recording_state(s.stream_id, "failed"));
  EXPECT_TRUE(store_->streams().set_recording_state(s.stream_id, "failed"));  // same value again
  EXPECT_EQ(store_->streams().get(s.stream_id)->recording_state, "failed");
  EXPECT_FALSE(store_->streams().set_recording_state(tc::core::new_uuid(), "stored"));
}

TEST_P(StoreContract, LiveLimitHoldsUnderConcurrentCreates) {
  auto a = user("alice");
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      if (store_->streams().insert_if_under_live_limit(stream(a, "s" + std::to_string(i), 1000 + i), 3)) ++accepted;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(accepted.load(), 3);
  StreamQuery q;
  q.streamer_id = a.id;
  q.status = "LIVE";
  EXPECT_EQ(store_->streams().list(q).size(), 3u);
}

TEST_P(StoreContract, ListFiltersSearchesAndPagesInOrder) {
  auto a = user("alice");
  auto b = user("bob_trader");
  std::vector<StreamRow> all;
  for (int i = 0; i < 6; ++i) {
    auto s = stream(i % 2 ? b : a, i == 4 ? "Gold 100% breakout" : "stream " + std::to_string(i), 5000 + (i / 2) * 10,
                    i < 3 ? "crypto" : "forex");
    ASSERT_TRUE(store_->streams().insert_if_under_live_limit(s, 10));
    all.push_back(s);
  }
  store_->streams().end(all[0].stream_id, 9000, 4);

  StreamQuery q;
  q.status = "LIVE";
  EXPECT_EQ(store_->streams().list(q).size(), 5u);
  q = {};
  q.category = "forex";
  EXPECT_EQ(store_->streams().list(q).size(), 3u);
  q = {};
  q.streamer_id = b.id;
  EXPECT_EQ(store_->streams().list(q).size(), 3u);
  q = {};
  q.text = "GOLD";
  EXPECT_EQ(store_->streams().list(q).size(), 1u);
  q.text = "100%";  // '%' is literal, not a wildcard
  EXPECT_EQ(store_->streams().list(q).size(), 1u);
  q.text = "0%b";
  EXPECT_EQ(store_->streams().list(q).size(), 0u);
  q.text = "bob_";  // matches the streamer's name
  EXPECT_EQ(store_->streams().list(q).size(), 3u);

  // Keyset pages: started_at desc, stream_id desc, no duplicates or gaps across equal start times.
  q = {};
  q.limit = 2;
  std::vector<std::string> order;
  for (int page = 0; page < 5; ++page) {
    auto rows = store_->streams().list(q);
    for (const auto& r : rows) order.push_back(r.stream_id);
    if (rows.size() < 2) break;
    q.after = StreamCursor{rows.back().started_at, rows.back().stream_id};
  }
  ASSERT_EQ(order.size(), 6u);
  EXPECT_EQ(std::set<std::string>(order.begin(), order.end()).size(), 6u);
  for (size_t i = 1; i < order.size(); ++i) {
    auto prev = store_->streams().get(order[i - 1]);
    auto cur = store_->streams().get(order[i]);
    EXPECT_TRUE(prev->started_at > cur->started_at ||
                (prev->started_at == cur->started_at && prev->stream_id > cur->stream_id));
  }
}

TEST_P(StoreContract, ViewerSamplesAreCappedPerStreamAndReadOldestFirst) {
  auto a = user("alice");
  auto s1 = stream(a, "one", 1'800'000'000'000);
  auto s2 = stream(a, "two", 1'800'000'000'000);
  ASSERT_TRUE(store_->streams().insert_if_under_live_limit(s1, 3));
  ASSERT_TRUE(store_->streams().insert_if_under_live_limit(s2, 3));
  auto& v = store_->viewers();
  const int64_t t0 = 1'800'000'000'000;  // needs 64 bits
  // Out of order on purpose: reads are by time. A sample of an unknown stream is left out.
  EXPECT_EQ(v.add_samples({{s1.stream_id, t0 + 30'000, 7},
                           {s1.stream_id, t0, 3},
                           {s2.stream_id, t0, 1},
                           {"no-such-stream", t0, 9}},
                          4),
            3);
  // The cap: s1 holds 2 and may take 2 more; the fifth is refused, s2 is unaffected.
  EXPECT_EQ(v.add_samples({{s1.stream_id, t0 + 45'000, 5},
                           {s1.stream_id, t0 + 60'000, 0},
                           {s1.stream_id, t0 + 75'000, 4},
                           {s2.stream_id, t0 + 15'000, 2}},
                          4),
            3);
  auto got = v.samples(s1.stream_id, 100);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].t, t0);
  EXPECT_EQ(got[0].viewers, 3);
  EXPECT_EQ(got[1].t, t0 + 30'000);
  EXPECT_EQ(got[1].viewers, 7);
  EXPECT_EQ(got[3].t, t0 + 60'000);
  EXPECT_EQ(got[3].viewers, 0);
  EXPECT_EQ(got[3].stream_id, s1.stream_id);
  EXPECT_EQ(v.samples(s1.stream_id, 2).size(), 2u);
  EXPECT_EQ(v.samples(s2.stream_id, 100).size(), 2u);
  EXPECT_TRUE(v.samples("no-such-stream", 100).empty());
  EXPECT_EQ(v.add_samples({}, 4), 0);
}

TEST_P(StoreContract, ASilentNodeIsReapedOnceWithItsWatchSessionsAndCounts) {
  auto a = user("alice");
  const int64_t t0 = 1'800'000'000'000;  // needs 64 bits
  auto s1 = stream(a, "one", t0);
  ASSERT_TRUE(store_->streams().insert_if_under_live_limit(s1, 3));
  auto& v = store_->viewers();
  EXPECT_FALSE(v.node_heartbeat("node-a", t0));  // a first beat finds no row
  EXPECT_TRUE(v.node_heartbeat("node-a", t0 + 1'000));
  EXPECT_FALSE(v.node_heartbeat("node-b", t0 + 1'000));
  v.apply({{"va1", s1.stream_id, "u1", t0, std::nullopt, "node-a"},
           {"va2", s1.stream_id, "u2", t0 + 2'000, std::nullopt, "node-a"},
           {"vb1", s1.stream_id, "u3", t0, std::nullopt, "node-b"}});
  v.update_counts(s1.stream_id, 3, 3);
  EXPECT_TRUE(v.node_heartbeat("node-b", t0 + 5'000));

  const auto stale = v.stale_nodes(t0 + 3'000);
  ASSERT_EQ(stale.size(), 1u);
  EXPECT_EQ(stale[0].node_id, "node-a");
  EXPECT_EQ(stale[0].heartbeat_at, t0 + 1'000);
  const auto reaped = v.reap_node("node-a", t0 + 3'000);
  ASSERT_TRUE(reaped.has_value());
  EXPECT_EQ(*reaped, std::vector<std::string>{s1.stream_id});
  EXPECT_FALSE(v.reap_node("node-a", t0 + 3'000).has_value()) << "reaped once";
  EXPECT_FALSE(v.reap_node("node-b", t0 + 3'000).has_value()) << "node-b beat after the cutoff";
  EXPECT_TRUE(v.stale_nodes(t0 + 3'000).empty());

  // node-a's two sessions closed at its last heartbeat (the later joiner at its join); node-b's open.
  const auto st = v.stats(s1.stream_id);
  EXPECT_EQ(st.viewer_sessions, 2);
  EXPECT_DOUBLE_EQ(st.avg_watch_seconds, 0.5);  // 1 s and 0 s
  EXPECT_EQ(store_->streams().get(s1.stream_id)->viewer_count, 1);
  EXPECT_EQ(store_->streams().get(s1.stream_id)->peak_viewers, 3);
  EXPECT_FALSE(v.node_heartbeat("node-a", t0 + 6'000)) << "a node declared dead finds its row gone";
}

INSTANTIATE_TEST_SUITE_P(Dialects, StoreContract, ::testing::Values("sqlite", "mariadb"),
                         [](const auto& info) { return info.param; });

}  // namespace
