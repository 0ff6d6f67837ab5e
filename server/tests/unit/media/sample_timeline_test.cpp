#include "media/sample_timeline.hpp"

#include <gtest/gtest.h>

namespace tc::media {
namespace {

constexpr Nanos ms(uint64_t v) { return v * kMillisecond; }

TEST(TrackTimeline, AnchorsAtTheClockAndKeepsThePublishersSpacing) {
  TrackTimeline v(TrackTimeline::Kind::video);
  EXPECT_EQ(v.place(ms(5000), 0, ms(100)), ms(100));
  EXPECT_EQ(v.place(ms(5033), 0, ms(999)), ms(133));  // the clock only matters when anchoring
  EXPECT_EQ(v.place(ms(5066), 0, 0), ms(166));
}

TEST(TrackTimeline, VideoMovesStrictlyForward) {
  TrackTimeline v(TrackTimeline::Kind::video);
  EXPECT_EQ(v.place(ms(1000), 0, ms(10)), ms(10));
  // Squeezed frames (same pts) still advance by 1 ms, Matroska's resolution.
  EXPECT_EQ(v.place(ms(1000), 0, 0), ms(11));
  EXPECT_EQ(v.place(ms(1000), 0, 0), ms(12));
}

TEST(TrackTimeline, BackwardsStepReanchorsAfterWhatWasSent) {
  TrackTimeline v(TrackTimeline::Kind::video);
  ASSERT_EQ(v.place(ms(2000), 0, ms(50)), ms(50));
  ASSERT_EQ(v.place(ms(2100), 0, 0), ms(150));
  // rtpbin's lip-sync moves the track back by 300 ms: we continue one frame (33 ms) later.
  EXPECT_EQ(v.place(ms(1800), 0, ms(9999)), ms(183));
  EXPECT_EQ(v.place(ms(1833), 0, 0), ms(216));
}

TEST(TrackTimeline, ANewSessionContinuesTheTimeline) {
  TrackTimeline v(TrackTimeline::Kind::video);
  ASSERT_EQ(v.place(ms(100), 0, ms(1000)), ms(1000));
  ASSERT_EQ(v.place(ms(200), 0, 0), ms(1100));
  v.reanchor();
  // The new publisher's clock starts anywhere; ours picks up at the clock, if that is later…
  EXPECT_EQ(v.place(ms(777777), 0, ms(5000)), ms(5000));
  v.reanchor();
  // …or right after what was sent, if the clock is behind it.
  EXPECT_EQ(v.place(ms(3), 0, ms(10)), ms(5033));
}

TEST(TrackTimeline, OverlappingAudioIsDropped) {
  TrackTimeline a(TrackTimeline::Kind::audio);
  EXPECT_EQ(a.place(ms(0), ms(20), ms(100)), ms(100));  // covers 100–120
  EXPECT_EQ(a.place(ms(20), ms(20), 0), ms(120));
  // Compressed timestamps while rtpbin settles: a frame starting well inside the last one is dropped.
  EXPECT_EQ(a.place(ms(25), ms(20), 0), std::nullopt);
  EXPECT_EQ(a.place(ms(40), ms(20), 0), ms(140));
  // Within 1 ms of the end is kept (rounding).
  EXPECT_EQ(a.place(ms(59) + 500'000, ms(20), 0), ms(159) + 500'000);
}

TEST(TrackTimeline, AudioReanchorsWithoutAFrameGap) {
  TrackTimeline a(TrackTimeline::Kind::audio);
  ASSERT_EQ(a.place(ms(1000), ms(20), ms(0)), ms(0));
  a.reanchor();
  EXPECT_EQ(a.place(ms(50), ms(20), ms(0)), ms(20));  // right at the end of the last frame
}

TEST(KeyframeGate, OutputsStartAtAWholeKeyframe) {
  KeyframeGate g;
  EXPECT_FALSE(g.admit(false, true));  // delta before any keyframe
  EXPECT_FALSE(g.admit(true, false));  // a keyframe missing its first slices
  EXPECT_TRUE(g.admit(true, true));
  EXPECT_TRUE(g.admit(false, true));
  EXPECT_EQ(g.dropped_frames(), 0);  // waiting for the first keyframe is not counted
}

TEST(KeyframeGate, AfterALossNothingPassesUntilTheNextKeyframe) {
  KeyframeGate g;
  ASSERT_TRUE(g.admit(true, true));
  g.on_loss();
  EXPECT_FALSE(g.admit(false, true));
  EXPECT_FALSE(g.admit(false, true));
  EXPECT_TRUE(g.admit(true, true));
  EXPECT_TRUE(g.admit(false, true));
  EXPECT_EQ(g.dropped_frames(), 2);
}

TEST(KeyframeGate, AHalfKeyframeMidStreamMeansDataWentMissing) {
  KeyframeGate g;
  ASSERT_TRUE(g.admit(true, true));
  EXPECT_FALSE(g.admit(true, false));
  EXPECT_FALSE(g.admit(false, true));
  EXPECT_TRUE(g.admit(true, true));
  EXPECT_EQ(g.dropped_frames(), 2);
}

TEST(KeyframeGate, LossBeforeTheFirstKeyframeAndRestart) {
  KeyframeGate g;
  g.on_loss();  // nothing sent yet: the first keyframe is awaited anyway
  EXPECT_TRUE(g.admit(true, true));
  EXPECT_TRUE(g.admit(false, true));
  g.restart();  // a new publisher session starts at a keyframe again
  EXPECT_FALSE(g.admit(false, true));
  EXPECT_TRUE(g.admit(true, true));
}

}  // namespace
}  // namespace tc::media
