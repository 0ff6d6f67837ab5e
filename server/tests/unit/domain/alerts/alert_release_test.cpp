// The release instant of an alert event per tier (issue 13).
#include "domain/alerts/alert_release.hpp"

#include <gtest/gtest.h>

using namespace tc::domain;

namespace {

TEST(AlertRelease, InstantIsPostedAtPlusTheTiersDelay) {
  const ReleaseDelays d{0, 5, 60};
  EXPECT_EQ(release_at(1000, d, Tier::premium), 1000);
  EXPECT_EQ(release_at(1000, d, Tier::basic), 6000);
  EXPECT_EQ(release_at(1000, d, Tier::free), 61'000);
  EXPECT_EQ(release_at(1000, d, Tier::owner), 1000);
  EXPECT_FALSE(is_released(1000, d, Tier::free, 60'999));
  EXPECT_TRUE(is_released(1000, d, Tier::free, 61'000));
  EXPECT_TRUE(is_released(1000, {900, 900, 900}, Tier::owner, 1000));
}

TEST(AlertRelease, TiersFromBadges) {
  EXPECT_EQ(tier_from_badge(std::string("PREMIUM")), Tier::premium);
  EXPECT_EQ(tier_from_badge(std::string("BASIC")), Tier::basic);
  EXPECT_EQ(tier_from_badge(std::string("FREE")), Tier::free);  // a follower
  EXPECT_EQ(tier_from_badge(std::nullopt), Tier::free);         // anonymous or no follow
  EXPECT_STREQ(tier_name(Tier::free), "FREE");
  EXPECT_EQ(ReleaseDelays{}, (ReleaseDelays{0, 0, 60}));  // the defaults
}

}  // namespace
