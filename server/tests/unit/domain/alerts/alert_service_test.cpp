// AlertService on a real SQLite store: posting, updates, idempotency, release by tier, the log.
#include "domain/alerts/alert_service.hpp"

#include <gtest/gtest.h>

#include "core/ids.hpp"
#include "domain/subscriptions/subscription_service.hpp"
#include "unit/domain/service_fixture.hpp"

using namespace tc;
using namespace tc::domain;

namespace {

struct AlertServiceTest : ::testing::Test {
  test::ServiceFixture f;
  SubscriptionService subscriptions{*f.store, f.clock, MoneySettings{}};
  AlertService alerts{*f.store, f.clock, subscriptions};
  Identity streamer = f.user("streamer1");
  Identity viewer = f.user("viewer1");
  std::string stream_id;

  void SetUp() override {
    auto s = f.streams.create(streamer, {"live", std::nullopt, std::nullopt});
    ASSERT_TRUE(s.ok());
    stream_id = s->stream_id;
  }
  void disclaim(int free_s = 60) {
    auto s = alerts.set_settings(streamer, {"Not financial advice.", 0, 0, free_s});
    ASSERT_TRUE(s.ok()) << s.error().code;
  }
  AlertDraft draft(const std::string& key = "k1") {
    AlertDraft d;
    d.symbol = "aapl";
    d.side = "long";
    d.entry = "189.50";
    d.stop = "185";
    d.targets = {"195"};
    d.holds_position = true;
    d.paid_promotion = false;
    d.idempotency_key = key;
    return d;
  }
  UpdateDraft upd(const std::string& kind, std::optional<std::string> price, const std::string& key) {
    return {kind, std::move(price), std::nullopt, std::nullopt, key};
  }
  std::string code_of(const core::Result<PostOutcome>& r) { return r ? "ok" : r.error().code; }
};

TEST_F(AlertServiceTest, PostNeedsTheDisclaimerTheStreamerAndALiveStream) {
  EXPECT_EQ(code_of(alerts.post(streamer, stream_id, draft())), "disclaimer_required");
  disclaim();
  EXPECT_EQ(code_of(alerts.post(viewer, stream_id, draft())), "not_streamer");
  EXPECT_EQ(code_of(alerts.post(streamer, core::new_uuid(), draft())), "stream_not_found");
  EXPECT_EQ(code_of(alerts.post(streamer, "not-a-uuid", draft())), "stream_not_found");
  auto bad = draft();
  bad.stop = "190";
  EXPECT_EQ(code_of(alerts.post(streamer, stream_id, bad)), "invalid_stop");
  EXPECT_TRUE(f.store->alerts().log(streamer.user_id, 0, 10).empty());  // nothing written by any refusal

  alerts.set_media_origin([this](const std::string&) { return std::optional<int64_t>(f.clock.now_ms() - 1234); });
  auto r = alerts.post(streamer, stream_id, draft());
  ASSERT_TRUE(r.ok()) << r.error().code;
  EXPECT_FALSE(r->replayed);
  EXPECT_EQ(r->alert.seq, 1);
  EXPECT_EQ(r->alert.media_time_ms, 1234);
  EXPECT_EQ(r->alert.disclaimer, "Not financial advice.");
  EXPECT_EQ(r->chat_line.message_type, "ALERT");
  EXPECT_EQ(r->chat_line.message, "LONG AAPL @ 189.5 stop 185 \u2192 195");
  EXPECT_EQ(r->chat_line.alert_id, r->alert.alert_id);
  // The chat line is stored with it.
  const auto lines = f.store->chat().latest(stream_id, 10, std::nullopt);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].alert_id, r->alert.alert_id);

  ASSERT_TRUE(f.streams.end(streamer, stream_id).ok());
  EXPECT_EQ(code_of(alerts.post(streamer, stream_id, draft("k2"))), "stream_not_live");
}

TEST_F(AlertServiceTest, ARetryReturnsTheFirstAlertAndAReusedKeyIsRefused) {
  disclaim();
  auto first = alerts.post(streamer, stream_id, draft());
  ASSERT_TRUE(first.ok());
  f.clock.advance_ms(1000);
  auto again = alerts.post(streamer, stream_id, draft());
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->alert.alert_id, first->alert.alert_id);
  EXPECT_EQ(again->alert.posted_at, first->alert.posted_at);
  auto other = draft();
  other.stop = "184";
  EXPECT_EQ(code_of(alerts.post(streamer, stream_id, other)), "idempotency_key_reused");
  EXPECT_EQ(f.store->alerts().log(streamer.user_id, 0, 10).size(), 1u);
}

TEST_F(AlertServiceTest, UpdatesFollowTheLifecycleAndChainUp) {
  disclaim();
  auto a = alerts.post(streamer, stream_id, draft());
  ASSERT_TRUE(a.ok());
  const auto id = a->alert.alert_id;
  auto filled = alerts.update(streamer, id, upd("filled", "189.6", "u1"));
  ASSERT_TRUE(filled.ok()) << filled.error().code;
  EXPECT_EQ(filled->alert.status, "active");
  EXPECT_EQ(filled->update.seq, 2);
  auto retry = alerts.update(streamer, id, upd("filled", "189.6", "u1"));
  ASSERT_TRUE(retry.ok());
  EXPECT_TRUE(retry->replayed);
  EXPECT_EQ(retry->update.seq, 2);
  EXPECT_EQ(alerts.update(streamer, id, upd("filled", "189.7", "u1")).error().code, "idempotency_key_reused");
  EXPECT_EQ(alerts.update(viewer, id, upd("close", "190", "u2")).error().code, "not_streamer");
  EXPECT_EQ(alerts.update(streamer, core::new_uuid(), upd("close", "190", "u2")).error().code, "alert_not_found");
  auto closed = alerts.update(streamer, id, upd("close", "199.2", "u3"));
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->alert.status, "closed");
  ASSERT_TRUE(closed->alert.pnl);
  EXPECT_EQ(units_string(closed->alert.pnl->r_units, 4), "2.087");  // (199.2 − 189.6) / (189.6 − 185) = 2.08696
  EXPECT_EQ(alerts.update(streamer, id, upd("move_stop", "189", "u4")).error().code, "alert_closed");
  const auto report = alerts.verify(streamer.user_id);
  EXPECT_TRUE(report.ok());
  EXPECT_EQ(report.entries, 3);
}

TEST_F(AlertServiceTest, ReadsShowOnlyWhatTheCallersTierWasReleased) {
  disclaim(60);
  auto a = alerts.post(streamer, stream_id, draft());
  ASSERT_TRUE(a.ok());
  const auto sid = streamer.user_id;
  EXPECT_EQ(alerts.alerts(streamer, sid, {})->alerts.size(), 1u);  // the streamer: at once
  EXPECT_TRUE(alerts.alerts(std::nullopt, sid, {})->alerts.empty());
  EXPECT_TRUE(alerts.alerts(viewer, sid, {})->alerts.empty());
  EXPECT_TRUE(alerts.log(std::nullopt, sid, 0, 100)->events.empty());
  EXPECT_EQ(alerts.track_record(std::nullopt, sid)->total.alerts, 0);
  f.clock.advance_ms(30'000);
  ASSERT_TRUE(alerts.update(streamer, a->alert.alert_id, upd("filled", "189.5", "u1")).ok());
  f.clock.advance_ms(30'000);  // the post is released to FREE, the fill not yet (30 s to go)
  auto page = alerts.alerts(std::nullopt, sid, {});
  ASSERT_EQ(page->alerts.size(), 1u);
  EXPECT_EQ(page->alerts[0].status, "open");
  auto log = alerts.log(std::nullopt, sid, 0, 100);
  ASSERT_EQ(log->events.size(), 1u);
  EXPECT_FALSE(log->next_seq);
  EXPECT_EQ(alerts.log(streamer, sid, 0, 100)->events.size(), 2u);
  f.clock.advance_ms(30'000);
  EXPECT_EQ(alerts.alerts(std::nullopt, sid, {})->alerts[0].status, "active");
  EXPECT_EQ(alerts.log(std::nullopt, sid, 0, 100)->events.size(), 2u);
}

TEST_F(AlertServiceTest, ListsPageAndFilter) {
  disclaim(0);
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    auto d = draft("k" + std::to_string(i));
    if (i % 2) d.symbol = "TSLA";
    auto r = alerts.post(streamer, stream_id, d);
    ASSERT_TRUE(r.ok());
    ids.push_back(r->alert.alert_id);
    f.clock.advance_ms(10);
  }
  ASSERT_TRUE(alerts.update(streamer, ids[0], upd("retract", std::nullopt, "r0")).ok());
  const auto sid = streamer.user_id;
  AlertListQuery q;
  q.limit = 2;
  auto p1 = alerts.alerts(std::nullopt, sid, q);
  ASSERT_EQ(p1->alerts.size(), 2u);
  EXPECT_EQ(p1->alerts[0].alert_id, ids[4]);
  ASSERT_TRUE(p1->next_cursor);
  q.cursor = p1->next_cursor;
  auto p2 = alerts.alerts(std::nullopt, sid, q);
  ASSERT_EQ(p2->alerts.size(), 2u);
  EXPECT_EQ(p2->alerts[0].alert_id, ids[2]);
  q.cursor = p2->next_cursor;
  auto p3 = alerts.alerts(std::nullopt, sid, q);
  ASSERT_EQ(p3->alerts.size(), 1u);
  EXPECT_FALSE(p3->next_cursor);
  AlertListQuery tsla;
  tsla.symbol = "tsla";
  EXPECT_EQ(alerts.alerts(std::nullopt, sid, tsla)->alerts.size(), 2u);
  AlertListQuery retracted;
  retracted.status = "retracted";
  auto r = alerts.alerts(std::nullopt, sid, retracted);
  ASSERT_EQ(r->alerts.size(), 1u);
  EXPECT_EQ(r->alerts[0].alert_id, ids[0]);
  retracted.status = "gone";
  EXPECT_EQ(alerts.alerts(std::nullopt, sid, retracted).error().code, "invalid_status");
  AlertListQuery bad;
  bad.cursor = "nope";
  EXPECT_EQ(alerts.alerts(std::nullopt, sid, bad).error().code, "invalid_cursor");
  EXPECT_EQ(alerts.alerts(std::nullopt, core::new_uuid(), {}).error().code, "user_not_found");
}

TEST_F(AlertServiceTest, SettingsAreVersionedAndMerged) {
  auto s = alerts.settings(streamer.user_id);
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->disclaimer);
  EXPECT_EQ(s->delays, (ReleaseDelays{0, 0, 60}));
  ASSERT_TRUE(alerts.set_settings(streamer, {"Not financial advice.", std::nullopt, std::nullopt, std::nullopt}).ok());
  ASSERT_TRUE(alerts.set_settings(streamer, {std::nullopt, 5, std::nullopt, 120}).ok());
  s = alerts.settings(streamer.user_id);
  EXPECT_EQ(s->disclaimer, "Not financial advice.");
  EXPECT_EQ(s->delays, (ReleaseDelays{5, 0, 120}));
  EXPECT_EQ(alerts.set_settings(streamer, {"short", {}, {}, {}}).error().code, "invalid_disclaimer");
  EXPECT_EQ(alerts.set_settings(streamer, {{}, {}, {}, 901}).error().code, "invalid_release_delays");
  EXPECT_EQ(f.store->alerts().settings(streamer.user_id)->version, 2);
}

}  // namespace

namespace {

TEST_F(AlertServiceTest, PostsAndUpdatesAreRateLimitedPerStreamerButReplaysAreNot) {
  AlertService limited{*f.store, f.clock, subscriptions, {3, 60'000}};
  disclaim();
  auto first = limited.post(streamer, stream_id, draft("r1"));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(limited.post(streamer, stream_id, draft("r2")).ok());
  ASSERT_TRUE(limited.update(streamer, first->alert.alert_id, upd("filled", "189.5", "u1")).ok());
  auto refused = limited.post(streamer, stream_id, draft("r3"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "rate_limited");
  EXPECT_GT(refused.error().retry_after_s, 0);
  EXPECT_EQ(limited.update(streamer, first->alert.alert_id, upd("close", "190", "u2")).error().code, "rate_limited");
  EXPECT_TRUE(limited.post(streamer, stream_id, draft("r1"))->replayed);  // a retry still answers
  EXPECT_EQ(f.store->alerts().log(streamer.user_id, 0, 10).size(), 3u);
  f.clock.advance_ms(60'000);
  EXPECT_TRUE(limited.post(streamer, stream_id, draft("r3")).ok());
}

}  // namespace
