// Subscriptions with an injected clock: renewal at the period end, expiry when the wallet cannot
// pay, cancel, downgrade at renewal, badges — on a real SQLite store.
#include "domain/subscriptions/subscription_service.hpp"

#include <gtest/gtest.h>

#include "domain/wallet/ledger_service.hpp"
#include "unit/domain/service_fixture.hpp"

using namespace tc;

namespace {
constexpr int64_t kDay = 86'400'000;

struct SubscriptionTest : ::testing::Test {
  test::ServiceFixture f;
  domain::MoneySettings settings = [] {
    domain::MoneySettings s;
    s.subscription_period_ms = 30 * kDay;
    return s;
  }();
  domain::LedgerService ledger{*f.store, f.clock, settings};
  domain::SubscriptionService subs{*f.store, f.clock, settings};
  domain::Identity streamer = f.user("streamer1");
  domain::Identity fan = f.user("fan1");

  void SetUp() override { ASSERT_TRUE(subs.set_prices(streamer, streamer.user_id, 1000, 2500).ok()); }
  void fund(const domain::Identity& who, int64_t cents) {
    ASSERT_TRUE(ledger.deposit({who.user_id, cents, std::nullopt, "test"}, false).ok());
  }
  int64_t balance(const domain::Identity& who) { return ledger.wallet(who).balance_cents; }
  store::SubscriptionRow current() { return *subs.mine_for(fan, streamer.user_id); }
};

TEST_F(SubscriptionTest, RenewsAtThePeriodEndThenExpiresWhenTheWalletCannotPay) {
  fund(fan, 2500);
  auto first = subs.subscribe(fan, streamer.user_id, "BASIC");
  ASSERT_TRUE(first.ok()) << first.error().code;
  EXPECT_EQ(first->charged_cents, 1000);
  const int64_t end1 = *first->subscription.expires_at;
  EXPECT_EQ(end1, f.clock.now_ms() + 30 * kDay);
  EXPECT_EQ(balance(fan), 1500);
  EXPECT_EQ(balance(streamer), 950);  // 5% fee
  EXPECT_EQ(subs.badge_for(fan.user_id, streamer.user_id), "BASIC");

  // Nothing is due a millisecond before the end.
  f.clock.set_ms(end1 - 1);
  EXPECT_EQ(subs.renew_due().renewed, 0);
  f.clock.set_ms(end1);
  auto r = subs.renew_due();
  EXPECT_EQ(r.renewed, 1);
  EXPECT_EQ(*current().expires_at, end1 + 30 * kDay);  // continues from the old end, not from now
  EXPECT_EQ(balance(fan), 500);
  // Running again in the same instant charges nothing more.
  EXPECT_EQ(subs.renew_due().renewed, 0);
  EXPECT_EQ(balance(fan), 500);

  f.clock.set_ms(end1 + 30 * kDay);
  r = subs.renew_due();
  EXPECT_EQ(r.expired, 1);
  EXPECT_EQ(current().status, "EXPIRED");
  EXPECT_EQ(balance(fan), 500);
  EXPECT_EQ(subs.badge_for(fan.user_id, streamer.user_id), std::nullopt);
  EXPECT_TRUE(ledger.verify().ok());
}

TEST_F(SubscriptionTest, AccessEndsAtExpiryEvenBeforeTheSchedulerRuns) {
  fund(fan, 1000);
  ASSERT_TRUE(subs.subscribe(fan, streamer.user_id, "BASIC").ok());
  f.clock.advance_ms(30 * kDay);
  EXPECT_EQ(subs.badge_for(fan.user_id, streamer.user_id), std::nullopt);
  EXPECT_EQ(subs.channel(streamer.user_id)->subscribers.basic, 0);
}

TEST_F(SubscriptionTest, PaidTiersListWhoHasPaidAccessNow) {
  const auto other = f.user("fan2");
  const auto follower = f.user("fan3");
  const auto elsewhere = f.user("streamer2");
  fund(fan, 5000);
  fund(other, 5000);
  ASSERT_TRUE(subs.set_prices(elsewhere, elsewhere.user_id, 1000, 2500).ok());
  ASSERT_TRUE(subs.subscribe(fan, streamer.user_id, "PREMIUM").ok());
  ASSERT_TRUE(subs.subscribe(other, streamer.user_id, "BASIC").ok());
  ASSERT_TRUE(subs.subscribe(follower, streamer.user_id, "FREE").ok());
  ASSERT_TRUE(subs.subscribe(other, elsewhere.user_id, "PREMIUM").ok());
  auto tiers = subs.paid_tiers(streamer.user_id);
  EXPECT_EQ(tiers.size(), 2u);  // a follow is FREE: not listed
  EXPECT_EQ(tiers[fan.user_id], "PREMIUM");
  EXPECT_EQ(tiers[other.user_id], "BASIC");
  // Cancelled keeps access to the period's end; expired is gone, even before the scheduler runs.
  ASSERT_TRUE(subs.cancel(fan, streamer.user_id).ok());
  EXPECT_EQ(subs.paid_tiers(streamer.user_id).count(fan.user_id), 1u);
  f.clock.set_ms(*current().expires_at);
  EXPECT_TRUE(subs.paid_tiers(streamer.user_id).empty());
}

TEST_F(SubscriptionTest, CancelKeepsAccessUntilTheEndThenExpiresWithoutACharge) {
  fund(fan, 5000);
  ASSERT_TRUE(subs.subscribe(fan, streamer.user_id, "PREMIUM").ok());
  const int64_t end = *current().expires_at;
  auto c = subs.cancel(fan, streamer.user_id);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*c)->status, "CANCELLED");
  f.clock.set_ms(end - 1);
  EXPECT_EQ(subs.badge_for(fan.user_id, streamer.user_id), "PREMIUM");
  f.clock.set_ms(end);
  EXPECT_EQ(subs.renew_due().expired, 1);
  EXPECT_EQ(current().status, "EXPIRED");
  EXPECT_EQ(balance(fan), 2500);
  // Subscribing after expiry starts a new, charged period.
  auto again = subs.subscribe(fan, streamer.user_id, "BASIC");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->charged_cents, 1000);
  EXPECT_EQ(again->subscription.status, "ACTIVE");
  EXPECT_TRUE(ledger.verify().ok());
}

TEST_F(SubscriptionTest, DowngradesTakeEffectAtRenewal) {
  fund(fan, 10000);
  ASSERT_TRUE(subs.subscribe(fan, streamer.user_id, "PREMIUM").ok());
  auto d = subs.subscribe(fan, streamer.user_id, "BASIC");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->charged_cents, 0);
  EXPECT_EQ(d->subscription.tier, "PREMIUM");
  EXPECT_EQ(d->subscription.pending_tier, "BASIC");
  f.clock.set_ms(*current().expires_at);
  EXPECT_EQ(subs.renew_due().renewed, 1);
  EXPECT_EQ(current().tier, "BASIC");
  EXPECT_EQ(balance(fan), 10000 - 2500 - 1000);
  // Paid → FREE at the next end: no charge, no expiry, still a follower.
  ASSERT_TRUE(subs.subscribe(fan, streamer.user_id, "FREE").ok());
  f.clock.set_ms(*current().expires_at);
  EXPECT_EQ(subs.renew_due().downgraded_to_free, 1);
  EXPECT_EQ(current().tier, "FREE");
  EXPECT_EQ(current().expires_at, std::nullopt);
  EXPECT_EQ(balance(fan), 6500);
  EXPECT_EQ(subs.badge_for(fan.user_id, streamer.user_id), "FREE");
}

TEST_F(SubscriptionTest, UpgradeChargesTheDifferenceAndWithdrawnTiersExpireAtRenewal) {
  fund(fan, 10000);
  ASSERT_TRUE(subs.subscribe(fan, streamer.user_id, "BASIC").ok());
  const int64_t end = *current().expires_at;
  f.clock.advance_ms(kDay);
  auto up = subs.subscribe(fan, streamer.user_id, "PREMIUM");
  ASSERT_TRUE(up.ok());
  EXPECT_EQ(up->charged_cents, 1500);
  EXPECT_EQ(*up->subscription.expires_at, end);
  ASSERT_TRUE(subs.set_prices(streamer, streamer.user_id, 1000, std::nullopt).ok());
  f.clock.set_ms(end);
  EXPECT_EQ(subs.renew_due().expired, 1);
  EXPECT_EQ(balance(fan), 7500);
  EXPECT_EQ(subs.subscribe(fan, streamer.user_id, "PREMIUM").error().code, "tier_not_offered");
  EXPECT_TRUE(ledger.verify().ok());
}

TEST_F(SubscriptionTest, RefusalsChangeNothing) {
  EXPECT_EQ(subs.subscribe(fan, streamer.user_id, "BASIC").error().code, "insufficient_funds");
  EXPECT_FALSE(subs.mine_for(fan, streamer.user_id).ok());
  EXPECT_EQ(subs.subscribe(fan, streamer.user_id, "VIP").error().code, "invalid_tier");
  EXPECT_EQ(subs.subscribe(streamer, streamer.user_id, "FREE").error().code, "cannot_subscribe_self");
  EXPECT_EQ(subs.set_prices(fan, streamer.user_id, 1, 2).error().code, "forbidden");
  EXPECT_EQ(subs.set_prices(streamer, streamer.user_id, 0, 2).error().code, "invalid_price");
  EXPECT_EQ(subs.badge_for(fan.user_id, streamer.user_id), std::nullopt);
  EXPECT_TRUE(ledger.verify().ok());
}

}  // namespace
