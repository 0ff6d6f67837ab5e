#include "domain/wallet/money_rules.hpp"

#include <gtest/gtest.h>

using namespace tc::domain;

TEST(MoneyRules, FeeRoundsDownAndCreditPlusFeeIsTheAmount) {
  EXPECT_EQ(split_fee(333, 500).fee_cents, 16);
  EXPECT_EQ(split_fee(333, 500).credit_cents, 317);
  EXPECT_EQ(split_fee(19, 500).fee_cents, 0);
  EXPECT_EQ(split_fee(20, 500).fee_cents, 1);
  EXPECT_EQ(split_fee(100, 0).fee_cents, 0);
  EXPECT_EQ(split_fee(100, 10000).fee_cents, 100);
  EXPECT_EQ(split_fee(100, 10000).credit_cents, 0);
  // The largest amount a client may send does not overflow.
  const int64_t max = kMaxSafeInteger;
  EXPECT_EQ(split_fee(max, 500).fee_cents, max / 20);
  for (int bps : {0, 1, 250, 499, 500, 501, 999, 3333, 9999, 10000}) {
    for (int64_t a : {int64_t{1}, int64_t{2}, int64_t{7}, int64_t{19}, int64_t{99}, int64_t{101}, int64_t{12345},
                      int64_t{999'999'999}, max - 1, max}) {
      const auto s = split_fee(a, bps);
      EXPECT_EQ(s.fee_cents + s.credit_cents, a) << a << " at " << bps;
      EXPECT_GE(s.fee_cents, 0);
      // fee = floor(a × bps / 10000): fee × 10000 ≤ a × bps < (fee + 1) × 10000, in 128 bits.
      const __int128 exact = static_cast<__int128>(a) * bps;
      const __int128 low = static_cast<__int128>(s.fee_cents) * 10000;
      EXPECT_TRUE(low <= exact && exact < low + 10000) << a << " at " << bps;
    }
  }
}

TEST(MoneyRules, AmountsAreOneToMax) {
  EXPECT_TRUE(check_amount(1, 100).ok());
  EXPECT_TRUE(check_amount(100, 100).ok());
  EXPECT_EQ(check_amount(0, 100).error().code, "invalid_amount");
  EXPECT_EQ(check_amount(-5, 100).error().code, "invalid_amount");
  EXPECT_EQ(check_amount(101, 100).error().code, "amount_too_large");
}

TEST(MoneyRules, IdempotencyKeysArePrintableAsciiUpTo100) {
  EXPECT_TRUE(check_idempotency_key("a").ok());
  EXPECT_TRUE(check_idempotency_key(std::string(100, 'k')).ok());
  EXPECT_EQ(check_idempotency_key("").error().code, "missing_field");
  EXPECT_EQ(check_idempotency_key(std::string(101, 'k')).error().code, "invalid_idempotency_key");
  EXPECT_EQ(check_idempotency_key("a b").error().code, "invalid_idempotency_key");
  EXPECT_EQ(check_idempotency_key("caf\xc3\xa9").error().code, "invalid_idempotency_key");
  EXPECT_EQ(request_fingerprint("x").size(), 64u);
  EXPECT_NE(request_fingerprint("x"), request_fingerprint("y"));
}
