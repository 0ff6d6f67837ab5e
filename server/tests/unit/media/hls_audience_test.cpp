#include "media/hls_audience.hpp"

#include <gtest/gtest.h>

namespace tc::media {
namespace {

TEST(HlsAudience, CountsDistinctClientsWithinTheWindow) {
  HlsAudience a(10'000, 100);
  a.seen("s", "10.0.0.1\nFirefox", 1'000);
  a.seen("s", "10.0.0.1\nFirefox", 3'000);  // the same player refreshing
  a.seen("s", "10.0.0.2\nSafari", 4'000);
  a.seen("t", "10.0.0.1\nFirefox", 4'000);
  EXPECT_EQ(a.count("s", 5'000), 2);
  EXPECT_EQ(a.count("t", 5'000), 1);
  EXPECT_EQ(a.count("s", 13'500), 1);  // 10.0.0.1 last seen at 3 s: gone
  EXPECT_EQ(a.count("s", 30'000), 0);
  EXPECT_EQ(a.count("unknown", 0), 0);
  a.forget("t");
  EXPECT_EQ(a.count("t", 5'000), 0);
}

TEST(HlsAudience, BoundedPerStream) {
  HlsAudience a(10'000, 3);
  for (int i = 0; i < 10; ++i) a.seen("s", "client" + std::to_string(i), 1'000);
  EXPECT_EQ(a.count("s", 1'000), 3);
  // Once the old ones expire, new clients are counted again.
  a.seen("s", "late", 20'000);
  EXPECT_EQ(a.count("s", 20'000), 1);
}

}  // namespace
}  // namespace tc::media
