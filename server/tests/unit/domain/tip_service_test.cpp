// TipService on a real SQLite store: rules, fee, idempotency, and the listener realtime uses.
#include "domain/wallet/tip_service.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "domain/wallet/ledger_service.hpp"
#include "unit/domain/service_fixture.hpp"

using namespace tc;

namespace {

struct Recorder : domain::TipListener {
  std::vector<std::string> tips;
  void on_tip(const domain::TipOutcome& t, const std::string& chat_message_id) override {
    EXPECT_FALSE(chat_message_id.empty());
    tips.push_back(t.tip.tip_id + " " + t.from_username);
  }
};

struct TipTest : ::testing::Test {
  test::ServiceFixture f;
  domain::MoneySettings settings;
  domain::LedgerService ledger{*f.store, f.clock, settings};
  domain::TipService tips{*f.store, f.clock, settings};
  Recorder recorder;
  domain::Identity streamer = f.user("streamer1");
  domain::Identity viewer = f.user("viewer1");
  std::string stream_id;

  void SetUp() override {
    tips.set_listener(&recorder);
    auto s = f.streams.create(streamer, {"live", std::nullopt, std::nullopt});
    ASSERT_TRUE(s.ok());
    stream_id = s->stream_id;
    ASSERT_TRUE(ledger.deposit({viewer.user_id, 1000, std::nullopt, "test"}, false).ok());
  }
};

TEST_F(TipTest, PaysOnceNotifiesOnceAndReplaysTheFirstResult) {
  auto first = tips.send(viewer, {stream_id, 250, std::string("gm"), "key-1"});
  ASSERT_TRUE(first.ok()) << first.error().code;
  EXPECT_EQ(first->tip.fee_cents, 12);
  EXPECT_FALSE(first->replayed);
  auto again = tips.send(viewer, {stream_id, 250, std::string("gm"), "key-1"});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->tip.tip_id, first->tip.tip_id);
  EXPECT_EQ(again->tip.created_at, first->tip.created_at);
  EXPECT_EQ(tips.send(viewer, {stream_id, 251, std::string("gm"), "key-1"}).error().code, "idempotency_key_reused");
  ASSERT_EQ(recorder.tips.size(), 1u);
  EXPECT_EQ(recorder.tips[0], first->tip.tip_id + " viewer1");
  EXPECT_EQ(ledger.wallet(viewer).balance_cents, 750);
  EXPECT_EQ(ledger.wallet(streamer).balance_cents, 238);
  const auto totals = tips.stream_totals(stream_id);
  EXPECT_EQ(totals.total_cents, 250);
  EXPECT_EQ(totals.fee_cents, 12);
}

TEST_F(TipTest, RefusalsAreNotNotifiedAndChangeNothing) {
  EXPECT_EQ(tips.send(viewer, {stream_id, 1001, std::nullopt, "k1"}).error().code, "insufficient_funds");
  EXPECT_EQ(tips.send(viewer, {stream_id, 0, std::nullopt, "k2"}).error().code, "invalid_amount");
  EXPECT_EQ(tips.send(viewer, {stream_id, 1'000'001, std::nullopt, "k3"}).error().code, "amount_too_large");
  EXPECT_EQ(tips.send(viewer, {stream_id, 5, std::string(201, 'm'), "k4"}).error().code, "message_too_long");
  EXPECT_EQ(tips.send(viewer, {stream_id, 5, std::nullopt, ""}).error().code, "missing_field");
  EXPECT_EQ(tips.send(streamer, {stream_id, 5, std::nullopt, "k5"}).error().code, "cannot_tip_self");
  EXPECT_EQ(tips.send(viewer, {"nope", 5, std::nullopt, "k6"}).error().code, "stream_not_found");
  ASSERT_TRUE(f.streams.end(streamer, stream_id).ok());
  EXPECT_EQ(tips.send(viewer, {stream_id, 5, std::nullopt, "k7"}).error().code, "stream_not_live");
  EXPECT_TRUE(recorder.tips.empty());
  EXPECT_EQ(ledger.wallet(viewer).balance_cents, 1000);
  EXPECT_TRUE(ledger.verify().ok());
}

}  // namespace
