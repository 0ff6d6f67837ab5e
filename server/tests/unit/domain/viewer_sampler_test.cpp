// Downsampling of the viewers-over-time series: bounded points, peaks kept, means rounded.
#include <gtest/gtest.h>

#include "domain/viewers/viewer_sampler.hpp"

using tc::domain::ViewerSampler;
using tc::store::ViewerSampleRow;

TEST(ViewerSamplerDownsample, ShortSeriesPassThrough) {
  std::vector<ViewerSampleRow> s{{"x", 0, 1}, {"x", 15, 4}, {"x", 30, 2}};
  auto out = ViewerSampler::downsample(s, 10);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[1].t, 15);
  EXPECT_EQ(out[1].viewers, 4);
  EXPECT_EQ(out[1].peak, 4);
  EXPECT_TRUE(ViewerSampler::downsample({}, 10).empty());
}

TEST(ViewerSamplerDownsample, LongSeriesIsBoundedAndKeepsThePeak) {
  std::vector<ViewerSampleRow> s;
  for (int i = 0; i < 1000; ++i) s.push_back({"x", int64_t{i} * 15'000, i == 500 ? 99 : 10});
  for (int points : {1, 7, 100}) {
    auto out = ViewerSampler::downsample(s, points);
    EXPECT_LE(out.size(), static_cast<size_t>(points));
    EXPECT_GE(out.size(), static_cast<size_t>(points) / 2);
    int peak = 0;
    for (size_t i = 0; i < out.size(); ++i) {
      peak = std::max(peak, out[i].peak);
      if (i) EXPECT_GT(out[i].t, out[i - 1].t);
    }
    EXPECT_EQ(peak, 99);
    EXPECT_EQ(out.front().t, 0);
  }
  // One bucket: the mean of all (10 × 999 + 99) / 1000 = 10.089 → 10.
  auto one = ViewerSampler::downsample(s, 1);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].viewers, 10);
  // Out-of-range point counts are clamped, not trusted.
  EXPECT_EQ(ViewerSampler::downsample(s, 0).size(), 1u);
  EXPECT_LE(ViewerSampler::downsample(s, 1'000'000).size(), 1000u);
}
