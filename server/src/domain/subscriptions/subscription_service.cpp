#include "domain/subscriptions/subscription_service.hpp"

#include "core/ids.hpp"
#include "core/logging.hpp"
#include "domain/wallet/transfers.hpp"

namespace tc::domain {
namespace {

int rank(const std::string& tier) { return tier == "PREMIUM" ? 2 : tier == "BASIC" ? 1 : 0; }

std::optional<int64_t> price_of(const std::optional<store::ChannelPricesRow>& p, const std::string& tier) {
  if (!p) return std::nullopt;
  return tier == "PREMIUM" ? p->premium_cents : tier == "BASIC" ? p->basic_cents : std::nullopt;
}

core::Error not_offered() {
  return core::Error::conflict("tier_not_offered", "The streamer does not offer this tier (no price set)");
}
core::Error changed() {
  return core::Error::conflict("subscription_changed", "The subscription changed meanwhile; try again");
}
core::Error not_found() {
  return core::Error::not_found("subscription_not_found", "You have no subscription to this channel");
}

}  // namespace

SubscriptionService::SubscriptionService(store::Store& store, const core::Clock& clock, MoneySettings settings)
    : store_(store), clock_(clock), settings_(std::move(settings)) {}

bool SubscriptionService::has_paid_access(const store::SubscriptionRow& s, int64_t now) const {
  return s.tier != "FREE" && (s.status == "ACTIVE" || s.status == "CANCELLED") && s.expires_at && *s.expires_at > now;
}

int64_t SubscriptionService::next_version(const store::SubscriptionRow& s, int64_t now) const {
  // Strictly increasing even within one millisecond, so the optimistic check cannot pass twice.
  return std::max(now, s.updated_at + 1);
}

store::TransferWrite SubscriptionService::charge(const store::SubscriptionRow& sub, int64_t price_cents, int64_t now,
                                                 const std::optional<std::string>& idem_key) {
  const auto split = split_fee(price_cents, settings_.fee_bps);
  auto w = new_transfer("SUBSCRIPTION", price_cents, settings_.currency, sub.subscription_id,
                        idem_key ? "system" : sub.follower_id, now);
  set_idempotency(w.transfer, "renewal", idem_key, std::nullopt);
  w.entries = {{store::user_account(sub.follower_id), -price_cents, "SUBSCRIPTION"},
               {store::user_account(sub.streamer_id), split.credit_cents, "SUBSCRIPTION"},
               {store::kPlatformRevenue, split.fee_cents, "FEE"}};
  return w;
}

core::Result<store::ChannelPricesRow> SubscriptionService::set_prices(const Identity& who,
                                                                      const std::string& streamer_id,
                                                                      std::optional<int64_t> basic_cents,
                                                                      std::optional<int64_t> premium_cents) {
  if (who.user_id != streamer_id) return core::Error::forbidden("Only the streamer sets their channel's prices");
  for (const auto& p : {basic_cents, premium_cents}) {
    if (p && (*p < 1 || *p > kMaxPriceCents)) {
      return core::Error::invalid("invalid_price", "prices are whole cents from 1 to " +
                                                       std::to_string(kMaxPriceCents) +
                                                       ", or null to withdraw the tier");
    }
  }
  store::ChannelPricesRow row{streamer_id, basic_cents, premium_cents, clock_.now_ms()};
  store_.subscriptions().set_prices(row);
  return row;
}

core::Result<ChannelView> SubscriptionService::channel(const std::string& streamer_id) {
  if (!store_.users().by_id(streamer_id)) return core::Error::not_found("user_not_found", "No such streamer");
  ChannelView v;
  v.streamer_id = streamer_id;
  if (auto p = store_.subscriptions().prices(streamer_id)) {
    v.basic_cents = p->basic_cents;
    v.premium_cents = p->premium_cents;
  }
  v.subscribers = store_.subscriptions().counts(streamer_id, clock_.now_ms());
  return v;
}

core::Result<SubscribeOutcome> SubscriptionService::subscribe(const Identity& who, const std::string& streamer_id,
                                                              const std::string& tier) {
  if (tier != "FREE" && tier != "BASIC" && tier != "PREMIUM") {
    return core::Error::invalid("invalid_tier", "tier must be FREE, BASIC or PREMIUM");
  }
  if (streamer_id == who.user_id)
    return core::Error::invalid("cannot_subscribe_self", "You cannot subscribe to yourself");
  if (!store_.users().by_id(streamer_id)) return core::Error::not_found("user_not_found", "No such streamer");

  const int64_t now = clock_.now_ms();
  const auto existing = store_.subscriptions().get(who.user_id, streamer_id);
  const auto prices = store_.subscriptions().prices(streamer_id);

  store::SubscriptionRow row;
  std::optional<store::TransferWrite> pay;
  int64_t charged = 0;
  if (existing) {
    row = *existing;
  } else {
    row.subscription_id = core::new_uuid();
    row.follower_id = who.user_id;
    row.streamer_id = streamer_id;
    row.created_at = now;
  }
  row.updated_at = existing ? next_version(*existing, now) : now;

  const bool paid_access = existing && has_paid_access(*existing, now);
  if (existing && existing->tier == "FREE" && existing->status == "ACTIVE" && tier == "FREE") {
    return SubscribeOutcome{*existing, 0, false};
  }
  if (!paid_access) {
    // A new period (or a follow): nothing paid is running.
    row.tier = tier;
    row.status = "ACTIVE";
    row.pending_tier.reset();
    row.cancelled_at.reset();
    if (tier == "FREE") {
      row.price_cents.reset();
      row.expires_at.reset();
    } else {
      const auto price = price_of(prices, tier);
      if (!price) return not_offered();
      row.price_cents = price;
      row.expires_at = now + settings_.subscription_period_ms;
      charged = *price;
    }
  } else if (rank(tier) == rank(existing->tier)) {
    // Same tier: resume a cancelled one, or drop a pending downgrade. Never a second charge.
    if (existing->status == "ACTIVE" && !existing->pending_tier) return SubscribeOutcome{*existing, 0, false};
    row.status = "ACTIVE";
    row.cancelled_at.reset();
    row.pending_tier.reset();
  } else if (rank(tier) > rank(existing->tier)) {
    // Upgrade now: pay the difference between the tiers' prices, keep the period end.
    const auto price = price_of(prices, tier);
    if (!price) return not_offered();
    charged = std::max<int64_t>(0, *price - existing->price_cents.value_or(0));
    row.tier = tier;
    row.price_cents = price;
    row.status = "ACTIVE";
    row.cancelled_at.reset();
    row.pending_tier.reset();
  } else {
    // Downgrade at the period end: what was paid for stays until then.
    row.status = "ACTIVE";
    row.cancelled_at.reset();
    row.pending_tier = tier;
  }

  if (charged > 0) {
    store_.ledger().ensure_user_account(who.user_id, now);
    store_.ledger().ensure_user_account(streamer_id, now);
    pay = charge(row, charged, now, std::nullopt);
  }
  switch (
      store_.subscriptions().save(row, existing ? std::optional<int64_t>(existing->updated_at) : std::nullopt, pay)) {
    case store::PostStatus::posted:
      if (auto stored = store_.subscriptions().by_id(row.subscription_id)) row = *stored;
      return SubscribeOutcome{row, charged, !existing};
    case store::PostStatus::insufficient_funds:
      return core::Error::conflict("insufficient_funds", "Your wallet balance is too low for this subscription");
    default:
      return changed();
  }
}

core::Result<std::optional<store::SubscriptionRow>> SubscriptionService::cancel(const Identity& who,
                                                                                const std::string& streamer_id) {
  const int64_t now = clock_.now_ms();
  const auto existing = store_.subscriptions().get(who.user_id, streamer_id);
  if (!existing || existing->status == "EXPIRED") return not_found();
  if (existing->tier == "FREE") {
    if (!store_.subscriptions().remove_free(who.user_id, streamer_id)) return not_found();
    return std::optional<store::SubscriptionRow>{};
  }
  if (existing->status == "CANCELLED") return std::optional<store::SubscriptionRow>(*existing);
  auto row = *existing;
  row.status = "CANCELLED";
  row.cancelled_at = now;
  row.pending_tier.reset();
  row.updated_at = next_version(*existing, now);
  if (store_.subscriptions().save(row, existing->updated_at, std::nullopt) != store::PostStatus::posted)
    return changed();
  return std::optional<store::SubscriptionRow>(row);
}

std::vector<store::SubscriptionRow> SubscriptionService::mine(const Identity& who) {
  return store_.subscriptions().for_follower(who.user_id);
}

core::Result<store::SubscriptionRow> SubscriptionService::mine_for(const Identity& who,
                                                                   const std::string& streamer_id) {
  if (auto s = store_.subscriptions().get(who.user_id, streamer_id)) return *s;
  return not_found();
}

RenewalReport SubscriptionService::renew_due(int limit) {
  RenewalReport rep;
  const int64_t now = clock_.now_ms();
  for (const auto& sub : store_.subscriptions().due(now, limit)) {
    auto next = sub;
    next.updated_at = next_version(sub, now);
    std::optional<store::TransferWrite> pay;
    auto expire = [&] {
      auto e = sub;
      e.status = "EXPIRED";
      e.pending_tier.reset();
      e.updated_at = next_version(sub, now);
      if (store_.subscriptions().save(e, sub.updated_at, std::nullopt) == store::PostStatus::posted) ++rep.expired;
    };
    if (sub.status == "CANCELLED") {
      expire();
      continue;
    }
    const auto target = sub.pending_tier.value_or(sub.tier);
    if (target == "FREE") {
      next.tier = "FREE";
      next.price_cents.reset();
      next.expires_at.reset();
      next.pending_tier.reset();
      if (store_.subscriptions().save(next, sub.updated_at, std::nullopt) == store::PostStatus::posted) {
        ++rep.downgraded_to_free;
      }
      continue;
    }
    const auto price = price_of(store_.subscriptions().prices(sub.streamer_id), target);
    if (!price) {
      expire();
      continue;
    }
    // The next period starts where the last ended, unless we are a whole period late (server down).
    int64_t end = *sub.expires_at + settings_.subscription_period_ms;
    if (end <= now) end = now + settings_.subscription_period_ms;
    next.tier = target;
    next.price_cents = price;
    next.expires_at = end;
    next.pending_tier.reset();
    store_.ledger().ensure_user_account(sub.follower_id, now);
    store_.ledger().ensure_user_account(sub.streamer_id, now);
    pay = charge(sub, *price, now, sub.subscription_id + ":" + std::to_string(*sub.expires_at));
    switch (store_.subscriptions().save(next, sub.updated_at, pay)) {
      case store::PostStatus::posted:
        ++rep.renewed;
        break;
      case store::PostStatus::insufficient_funds:
        expire();
        break;
      default:
        break;  // another node renewed or the user changed it meanwhile
    }
  }
  return rep;
}

std::optional<std::string> SubscriptionService::badge_for(const std::string& user_id, const std::string& streamer_id) {
  const auto s = store_.subscriptions().get(user_id, streamer_id);
  if (!s) return std::nullopt;
  if (s->tier == "FREE") return s->status == "ACTIVE" ? std::optional<std::string>("FREE") : std::nullopt;
  if (has_paid_access(*s, clock_.now_ms())) return s->tier;
  return std::nullopt;
}

std::unordered_map<std::string, std::string> SubscriptionService::paid_tiers(const std::string& streamer_id) {
  std::unordered_map<std::string, std::string> out;
  for (auto& [user, tier] : store_.subscriptions().paid_access(streamer_id, clock_.now_ms(), kMaxPaidTiers)) {
    out.emplace(std::move(user), std::move(tier));
  }
  return out;
}

}  // namespace tc::domain
