#pragma once
// Follows (tier FREE) and paid monthly subscriptions (BASIC, PREMIUM) to a streamer's channel.
// Rules (docs/api.md, "Subscriptions"):
// - A paid tier charges its current price at once (same fee rule as tips) and runs for one period.
// - Upgrade (BASIC → PREMIUM) is immediate: it charges the price difference and keeps the period end.
// - Downgrade (PREMIUM → BASIC, or a paid tier → FREE) keeps what was paid for until the period
//   ends, then renews at the lower tier (FREE: no charge, no end).
// - Cancel keeps access until the period end, then the subscription EXPIRES; subscribing again
//   before then resumes it without a charge.
// - Renewal: at the period end the current price of the tier is charged; if the wallet cannot pay
//   or the streamer withdrew the tier, the subscription EXPIRES.
// Blocking (SQL): run on the DB pool. Time from the injected Clock.
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "domain/accounts/identity.hpp"
#include "domain/wallet/money_rules.hpp"
#include "store/store.hpp"

namespace tc::domain {

struct ChannelView {
  std::string streamer_id;
  std::optional<int64_t> basic_cents;
  std::optional<int64_t> premium_cents;
  store::TierCounts subscribers;
};

struct SubscribeOutcome {
  store::SubscriptionRow subscription;
  int64_t charged_cents = 0;  // 0 when nothing was charged (follow, downgrade, resume, no change)
  bool created = false;
};

struct RenewalReport {
  int renewed = 0;
  int expired = 0;
  int downgraded_to_free = 0;
};

class SubscriptionService {
 public:
  SubscriptionService(store::Store& store, const core::Clock& clock, MoneySettings settings);

  // The caller's own prices; null withdraws a tier (existing subscribers keep it until renewal).
  // Errors: forbidden (403: not your channel), invalid_price (400).
  core::Result<store::ChannelPricesRow> set_prices(const Identity& who, const std::string& streamer_id,
                                                   std::optional<int64_t> basic_cents,
                                                   std::optional<int64_t> premium_cents);
  // Errors: user_not_found (404).
  core::Result<ChannelView> channel(const std::string& streamer_id);

  // Errors: invalid_tier, cannot_subscribe_self (400), user_not_found (404), tier_not_offered,
  // insufficient_funds, subscription_changed (409: a concurrent change; retry).
  core::Result<SubscribeOutcome> subscribe(const Identity& who, const std::string& streamer_id,
                                           const std::string& tier);
  // A paid subscription: CANCELLED, access until expires_at. A follow: removed.
  // Errors: subscription_not_found (404), subscription_changed (409).
  core::Result<std::optional<store::SubscriptionRow>> cancel(const Identity& who, const std::string& streamer_id);
  std::vector<store::SubscriptionRow> mine(const Identity& who);
  // Errors: subscription_not_found (404).
  core::Result<store::SubscriptionRow> mine_for(const Identity& who, const std::string& streamer_id);

  // Renews or expires every paid subscription whose period has ended (at most `limit`). Safe to
  // run on several nodes at once: each renewal charge has an idempotency key per period.
  RenewalReport renew_due(int limit = 200);

  // The tier `user_id` holds on `streamer_id`'s channel right now (FREE for a follower), for chat
  // badges; nullopt when none.
  std::optional<std::string> badge_for(const std::string& user_id, const std::string& streamer_id);
  // Blocking (SQL). user_id → BASIC | PREMIUM for everyone with paid access to the channel right now
  // (everyone else is FREE), at most kMaxPaidTiers of them: timed releases by tier (issue 13).
  static constexpr int kMaxPaidTiers = 200'000;
  std::unordered_map<std::string, std::string> paid_tiers(const std::string& streamer_id);

 private:
  store::TransferWrite charge(const store::SubscriptionRow& sub, int64_t price_cents, int64_t now,
                              const std::optional<std::string>& idem_key);
  bool has_paid_access(const store::SubscriptionRow& s, int64_t now) const;
  int64_t next_version(const store::SubscriptionRow& s, int64_t now) const;

  store::Store& store_;       // borrowed, outlives us
  const core::Clock& clock_;  // borrowed
  MoneySettings settings_;
};

}  // namespace tc::domain
