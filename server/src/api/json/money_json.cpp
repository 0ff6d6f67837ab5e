#include "api/json/money_json.hpp"

#include <cmath>

#include "api/json/json_values.hpp"
#include "domain/wallet/money_rules.hpp"

namespace tc::api {
namespace {

using domain::kMaxSafeInteger;
constexpr int64_t kMaxDollars = kMaxSafeInteger / 100;  // whole dollars whose cents stay within it

core::Error bad_amount() {
  return core::Error::invalid("invalid_amount",
                              "amount_cents must be a positive integer number of cents (at most 2^53)");
}

core::Result<int64_t> from_dollars(const boost::json::value& v) {
  if (v.is_int64()) {
    const auto d = v.as_int64();
    if (d < 1 || d > kMaxDollars) return bad_amount();
    return d * 100;
  }
  if (!v.is_double()) return bad_amount();
  const double d = v.as_double();
  if (!std::isfinite(d) || d <= 0 || d > static_cast<double>(kMaxDollars)) return bad_amount();
  const auto cents = std::llround(d * 100.0);
  // Exact means the cents, read back as dollars, are the very number sent (0.1 → 10, 0.105 → no).
  if (static_cast<double>(cents) / 100.0 != d || cents < 1) {
    return core::Error::invalid("invalid_amount", "amount must be dollars with at most two decimals");
  }
  return static_cast<int64_t>(cents);
}

}  // namespace

core::Result<int64_t> amount_cents_field(const boost::json::object& o, bool dollars_compat) {
  const auto* v = o.if_contains("amount_cents");
  if (!v || v->is_null()) {
    if (dollars_compat) {
      if (const auto* d = o.if_contains("amount"); d && !d->is_null()) return from_dollars(*d);
    }
    return core::Error::invalid("missing_field", "amount_cents is required");
  }
  // Only a JSON integer token: Boost.JSON parses 100.0 and 1e2 as doubles, which we refuse.
  if (!v->is_int64()) return bad_amount();
  const auto n = v->as_int64();
  if (n < 1 || n > kMaxSafeInteger) return bad_amount();
  return n;
}

core::Status currency_field(const boost::json::object& o, std::string_view deployment_currency) {
  const auto* v = o.if_contains("currency");
  if (!v || v->is_null()) return core::ok_status();
  if (!v->is_string()) return core::Error::invalid("invalid_field", "currency must be a string");
  return domain::check_currency(std::string_view(v->as_string()), deployment_currency);
}

boost::json::object tip_json(const store::TipRow& t) {
  return {{"tip_id", t.tip_id},
          {"stream_id", t.stream_id},
          {"from_user_id", t.from_user_id},
          {"to_user_id", t.to_user_id},
          {"amount_cents", t.amount_cents},
          {"fee_cents", t.fee_cents},
          {"streamer_credit_cents", t.amount_cents - t.fee_cents},
          {"currency", t.currency},
          {"message", nullable(t.message)},
          {"created_at", t.created_at}};
}

boost::json::object statement_line_json(const store::StatementLine& l) {
  boost::json::object o{{"id", std::to_string(l.entry_id)}, {"transfer_id", l.transfer_id},
                        {"type", l.transfer_kind},          {"entry_type", l.entry_kind},
                        {"amount_cents", l.amount_cents},   {"stream_id", nullable(l.stream_id)},
                        {"created_at", l.created_at}};
  // Name the reference after what it is, so the UI can link it.
  if (l.reference_id) {
    if (l.transfer_kind == "TIP") o["tip_id"] = *l.reference_id;
    if (l.transfer_kind == "SUBSCRIPTION") o["subscription_id"] = *l.reference_id;
    if (l.transfer_kind == "PAYOUT_REQUEST" || l.transfer_kind == "PAYOUT" || l.transfer_kind == "REFUND") {
      o["payout_id"] = *l.reference_id;
    }
  }
  return o;
}

boost::json::object payout_json(const store::PayoutRow& p) {
  return {{"payout_id", p.payout_id},
          {"user_id", p.user_id},
          {"amount_cents", p.amount_cents},
          {"currency", p.currency},
          {"status", p.status},
          {"requested_at", p.requested_at},
          {"decided_at", nullable(p.decided_at)}};
}

boost::json::object subscription_json(const store::SubscriptionRow& s) {
  return {{"subscription_id", s.subscription_id},
          {"follower_id", s.follower_id},
          {"streamer_id", s.streamer_id},
          {"streamer_username", s.streamer_username},
          {"tier", s.tier},
          {"price_cents", nullable(s.price_cents)},
          {"status", s.status},
          {"created_at", s.created_at},
          {"expires_at", nullable(s.expires_at)},
          {"pending_tier", nullable(s.pending_tier)},
          {"cancelled_at", nullable(s.cancelled_at)}};
}

}  // namespace tc::api
