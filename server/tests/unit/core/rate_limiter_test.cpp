#include "core/rate_limiter.hpp"

#include <gtest/gtest.h>

using namespace tc::core;

TEST(RateLimiter, AllowsABurstThenRefusesWithRetryAfter) {
  ManualClock clock;
  RateLimiter limiter(clock, {5, 10'000});
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.acquire("ip").allowed) << i;
  auto d = limiter.acquire("ip");
  EXPECT_FALSE(d.allowed);
  EXPECT_GT(d.retry_after_ms, 0);
  EXPECT_LE(d.retry_after_ms, 2'000);
  // Other keys are independent.
  EXPECT_TRUE(limiter.acquire("other").allowed);
  clock.advance_ms(d.retry_after_ms);
  EXPECT_TRUE(limiter.acquire("ip").allowed);
  EXPECT_FALSE(limiter.acquire("ip").allowed);
}

TEST(RateLimiter, PeekTakesNothing) {
  ManualClock clock;
  RateLimiter limiter(clock, {2, 60'000});
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(limiter.peek("u").allowed);
  limiter.acquire("u");
  limiter.acquire("u");
  EXPECT_FALSE(limiter.peek("u").allowed);
}

TEST(RateLimiter, DisabledAllowsEverything) {
  ManualClock clock;
  RateLimiter limiter(clock, {});
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.acquire("x").allowed);
  EXPECT_EQ(limiter.size(), 0u);
}

TEST(RateLimiter, KeyTableIsBoundedAndSweepsExpiredKeys) {
  ManualClock clock;
  RateLimiter limiter(clock, {1, 1'000}, 3);
  EXPECT_TRUE(limiter.acquire("a").allowed);
  EXPECT_TRUE(limiter.acquire("b").allowed);
  EXPECT_TRUE(limiter.acquire("c").allowed);
  EXPECT_FALSE(limiter.acquire("d").allowed);  // full, nothing expired: fail closed
  clock.advance_ms(1'001);
  EXPECT_TRUE(limiter.acquire("d").allowed);   // expired keys swept
  EXPECT_LE(limiter.size(), 3u);
}
