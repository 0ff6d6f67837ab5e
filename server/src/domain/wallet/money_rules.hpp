#pragma once
// The arithmetic and input rules of money, in one place so REST, Socket.IO and the CLI agree.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/config.hpp"
#include "core/error.hpp"

namespace tc::domain {

// Deployment-wide money settings (from core::Config).
struct MoneySettings {
  std::string currency = "USD";       // ISO 4217 code; one per deployment
  int fee_bps = 500;                  // platform fee on tips and subscriptions, basis points
  int64_t tip_max_cents = 1'000'000;  // largest single tip
  int64_t subscription_period_ms = 30LL * 86'400'000;
  // Tips per tipper: each paid tip is a durable (fsynced) transaction, so a flood of 1-cent tips
  // must not monopolise the database. Replays of a key are not counted.
  core::RateSpec tip_rate{20, 10'000};
};

// JSON numbers above 2^53 cannot be told apart from their neighbours by a JavaScript client.
inline constexpr int64_t kMaxSafeInteger = (int64_t{1} << 53);
// Largest single deposit or payout: keeps every sum of amounts far from int64 overflow.
inline constexpr int64_t kMaxTransferCents = 100'000'000'000;  // 1e11 cents
inline constexpr int64_t kMaxPriceCents = 10'000'000;          // 100 000.00 a month
inline constexpr size_t kTipMessageMax = 200;                  // characters (code points)
inline constexpr size_t kIdempotencyKeyMax = 100;

struct FeeSplit {
  int64_t fee_cents = 0;
  int64_t credit_cents = 0;  // fee_cents + credit_cents == amount, always
};

// The one rounding rule: fee = floor(amount × bps / 10 000) — fractions of a cent go to the
// payee — and the payee gets the rest, so credit + fee = amount exactly.
FeeSplit split_fee(int64_t amount_cents, int fee_bps);

// 1 ≤ amount ≤ max. Errors: invalid_amount (≤ 0), amount_too_large.
core::Status check_amount(int64_t amount_cents, int64_t max_cents);

// A currency named by a client must be the deployment's, exactly (ISO 4217 codes are upper case):
// amounts are never converted or reinterpreted. Errors: unsupported_currency (400).
core::Status check_currency(std::string_view named, std::string_view deployment_currency);

// 1–100 printable ASCII characters. Errors: missing_field, invalid_idempotency_key.
core::Status check_idempotency_key(std::string_view key);

// Hex SHA-256: a fingerprint of a request's parameters, stored with its idempotency key.
std::string request_fingerprint(std::string_view canonical);

}  // namespace tc::domain
