#include "media/stream_stats.hpp"

#include <gtest/gtest.h>

namespace tc::media {
namespace {

TEST(RateMeter, MovesOnceASecond) {
  RateMeter m;
  IngestCounters c;
  m.update(c, 10'000);
  EXPECT_EQ(m.rates().video_bps, 0);
  c.video_bytes = 125'000;  // 1 Mbit
  c.audio_bytes = 4'000;
  c.frames = 30;
  m.update(c, 10'500);  // half a second: too soon
  EXPECT_EQ(m.rates().video_bps, 0);
  m.update(c, 11'000);
  EXPECT_EQ(m.rates().video_bps, 1'000'000);
  EXPECT_EQ(m.rates().audio_bps, 32'000);
  EXPECT_DOUBLE_EQ(m.rates().fps, 30.0);
  c.frames = 60;
  m.update(c, 13'000);  // two seconds: 30 frames over 2 s
  EXPECT_DOUBLE_EQ(m.rates().fps, 15.0);
  EXPECT_EQ(m.rates().video_bps, 0);
}

StreamSnapshot live() {
  StreamSnapshot s;
  s.codec = VideoCodec::vp8;
  s.has_audio = true;
  s.flowing = true;
  s.counters.width = 640;
  s.counters.height = 360;
  s.counters.frames = 99;
  s.counters.lost_packets = 3;
  s.rates = {29.5, 900'000, 32'000};
  s.live_since_ms = 1234;
  s.viewers_whep = 2;
  s.recording = true;
  s.hls_transcode = true;
  return s;
}

TEST(StreamSnapshot, ToStatsAndGaugesReadTheSameFigures) {
  const auto st = to_media_stats(live(), MediaState::live);
  EXPECT_EQ(st.state, MediaState::live);
  EXPECT_EQ(st.video_codec, "VP8");
  EXPECT_EQ(st.audio_codec, "OPUS");
  EXPECT_EQ(st.width, 640);
  EXPECT_DOUBLE_EQ(st.fps, 29.5);
  EXPECT_EQ(st.video_bitrate_bps, 900'000);
  EXPECT_EQ(st.frames, 99);
  EXPECT_EQ(st.lost_packets, 3);
  EXPECT_EQ(st.live_since_ms, 1234);
  EXPECT_EQ(st.viewers_whep, 2);
  EXPECT_TRUE(st.recording);
  EXPECT_TRUE(st.hls_transcode);
  const auto g = to_gauges("s1", live());
  EXPECT_EQ(g.stream_id, "s1");
  EXPECT_EQ(g.video_codec, "VP8");
  EXPECT_EQ(g.height, 360);
  EXPECT_DOUBLE_EQ(g.fps, 29.5);
  EXPECT_EQ(g.audio_bitrate_bps, 32'000);
  EXPECT_EQ(g.viewers_whep, 2);
}

TEST(StreamSnapshot, RatesReadZeroWhileNoMediaFlows) {
  auto s = live();
  s.flowing = false;
  const auto st = to_media_stats(s, MediaState::reconnecting);
  EXPECT_EQ(st.fps, 0);
  EXPECT_EQ(st.video_bitrate_bps, 0);
  EXPECT_EQ(st.audio_bitrate_bps, 0);
  EXPECT_EQ(st.live_since_ms, 0);
  EXPECT_EQ(st.width, 640);  // the last picture size stays
  EXPECT_EQ(to_gauges("s", s).video_bitrate_bps, 0);
  StreamSnapshot none;
  EXPECT_EQ(to_gauges("s", none).video_codec, "");  // before the first ingest
  EXPECT_EQ(to_media_stats(none, MediaState::waiting).video_codec, "H264");
}

}  // namespace
}  // namespace tc::media
