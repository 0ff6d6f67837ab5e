#include "domain/wallet/money_rules.hpp"

#include <openssl/sha.h>

namespace tc::domain {

FeeSplit split_fee(int64_t amount_cents, int fee_bps) {
  // 128-bit product: amount (≤ 2^53) × bps (≤ 10 000) does not fit in 64 bits.
  const __int128 product = static_cast<__int128>(amount_cents) * fee_bps;
  FeeSplit s;
  s.fee_cents = static_cast<int64_t>(product / 10'000);  // amounts are positive: division floors
  s.credit_cents = amount_cents - s.fee_cents;
  return s;
}

core::Status check_amount(int64_t amount_cents, int64_t max_cents) {
  if (amount_cents < 1)
    return core::Error::invalid("invalid_amount", "amount_cents must be a positive whole number of cents");
  if (amount_cents > max_cents) {
    return core::Error::invalid("amount_too_large", "amount_cents must be at most " + std::to_string(max_cents));
  }
  return core::ok_status();
}

core::Status check_currency(std::string_view named, std::string_view deployment_currency) {
  if (named == deployment_currency) return core::ok_status();
  return core::Error::invalid("unsupported_currency",
                              "This server takes amounts in " + std::string(deployment_currency) + " only");
}

core::Status check_idempotency_key(std::string_view key) {
  if (key.empty()) return core::Error::invalid("missing_field", "idempotency_key is required");
  if (key.size() > kIdempotencyKeyMax) {
    return core::Error::invalid("invalid_idempotency_key",
                                "idempotency_key must be 1 to 100 printable ASCII characters");
  }
  for (char c : key) {
    if (c < 0x21 || c > 0x7e) {
      return core::Error::invalid("invalid_idempotency_key",
                                  "idempotency_key must be 1 to 100 printable ASCII characters");
    }
  }
  return core::ok_status();
}

std::string request_fingerprint(std::string_view canonical) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(), digest);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

}  // namespace tc::domain
