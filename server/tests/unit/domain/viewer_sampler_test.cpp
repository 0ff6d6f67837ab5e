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
      if (i) {
        EXPECT_GT(out[i].t, out[i - 1].t);
      }
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

// Sampling passes over a real SQLite store with a hand-moved clock.
#include "domain/viewers/viewer_tracker.hpp"
#include "unit/domain/service_fixture.hpp"

namespace {
struct SamplerTest : ::testing::Test {
  tc::test::ServiceFixture f;
  tc::domain::ViewerTracker viewers{f.clock};
  tc::domain::ViewerSampler sampler{*f.store, viewers, f.clock, {15'000, 20}};
  std::string live_stream(const std::string& owner) {
    auto s = f.streams.create(f.user(owner), {"sampled", std::nullopt, std::nullopt});
    EXPECT_TRUE(s);
    return s->stream_id;
  }
};
}  // namespace

TEST_F(SamplerTest, SamplesEachLiveStreamOncePerIntervalWithItsCount) {
  const auto a = live_stream("alice");
  const auto b = live_stream("bob");
  viewers.join(a, "u1");
  viewers.join(a, "u2");
  EXPECT_EQ(sampler.sample(), 2);  // both streams, due at once
  EXPECT_EQ(sampler.sample(), 0);  // nothing due yet
  f.clock.advance_ms(15'000);
  viewers.leave(a, "u1");
  EXPECT_EQ(sampler.sample(), 2);
  auto sa = sampler.series(a, 100);
  ASSERT_EQ(sa.size(), 2u);
  EXPECT_EQ(sa[0].viewers, 2);
  EXPECT_EQ(sa[1].viewers, 1);
  EXPECT_EQ(sa[1].t - sa[0].t, 15'000);
  EXPECT_EQ(sampler.series(b, 100).front().viewers, 0);  // a live stream nobody watches is sampled too
  // An ended stream is not sampled any more, but gets its final sample.
  ASSERT_TRUE(f.streams.end_unattended(b));
  sampler.final_sample(b, 0, f.clock.now_ms() + 1);
  f.clock.advance_ms(15'000);
  EXPECT_EQ(sampler.sample(), 1);
  EXPECT_EQ(sampler.series(b, 100).size(), 3u);
}

TEST_F(SamplerTest, SpacingWidensWithAgeAndTheCapHolds) {
  const auto a = live_stream("carol");
  // Cap 20: half of it spaces the samples. At an age of 10 min, samples are 60 s apart, not 15 s.
  f.clock.advance_ms(600'000);
  EXPECT_EQ(sampler.sample(), 1);
  f.clock.advance_ms(15'000);
  EXPECT_EQ(sampler.sample(), 0);
  f.clock.advance_ms(50'000);
  EXPECT_EQ(sampler.sample(), 1);
  // However long it runs, the store keeps at most the cap.
  for (int i = 0; i < 200; ++i) {
    f.clock.advance_ms(3'600'000);
    sampler.sample();
  }
  EXPECT_EQ(f.store->viewers().samples(a, 1000).size(), 20u);
}

TEST_F(SamplerTest, SeveralNodesANodeWithoutViewersSamplesTheStreamRowsCount) {
  tc::domain::ViewerSampler multi{*f.store, viewers, f.clock, {15'000, 20, /*several_nodes=*/true}};
  const auto a = live_stream("dave");
  const auto b = live_stream("erin");
  f.store->viewers().update_counts(a, 7, 7);  // what the nodes serving `a` wrote: their sum
  viewers.join(b, "u1");
  viewers.set_remote(b, "otherNode123456", 2);
  EXPECT_EQ(multi.sample(), 2);
  EXPECT_EQ(multi.series(a, 100).front().viewers, 7);  // no viewer here: the row's sum, not 0
  EXPECT_EQ(multi.series(b, 100).front().viewers, 3);  // served here: this node's sum
}
