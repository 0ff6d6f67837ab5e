#include "media/hls_program_date.hpp"

#include <gtest/gtest.h>

namespace tc::media {
namespace {

// What hlssink2 (GStreamer 1.22) renders with playlist-length=0.
constexpr const char* kPlaylist =
    "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-ALLOW-CACHE:NO\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-TARGETDURATION:3\n\n"
    "#EXTINF:2.0000000000000000,\nsegment00000.ts\n"
    "#EXTINF:1.9666666666666666,\nsegment00001.ts\n"
    "#EXTINF:2.0333333333333332,\nsegment00002.ts\n";

TEST(HlsProgramDate, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(iso8601_utc_ms(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(iso8601_utc_ms(1'796'590'984'123), "2026-12-06T21:03:04.123Z");
  EXPECT_EQ(iso8601_utc_ms(1'796'590'984'007), "2026-12-06T21:03:04.007Z");
}

TEST(HlsProgramDate, DatesEverySegmentFromTheOriginAndTheDurationsBefore) {
  const int64_t origin = 1'796'590'984'123;
  const auto out = with_program_dates(kPlaylist, origin);
  EXPECT_EQ(out,
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-ALLOW-CACHE:NO\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-TARGETDURATION:3\n\n"
            "#EXT-X-PROGRAM-DATE-TIME:2026-12-06T21:03:04.123Z\n#EXTINF:2.0000000000000000,\nsegment00000.ts\n"
            "#EXT-X-PROGRAM-DATE-TIME:2026-12-06T21:03:06.123Z\n#EXTINF:1.9666666666666666,\nsegment00001.ts\n"
            // 2 + 1.9667 = 3.9667 s: rounded once from the exact sum, not per segment
            "#EXT-X-PROGRAM-DATE-TIME:2026-12-06T21:03:08.090Z\n#EXTINF:2.0333333333333332,\nsegment00002.ts\n");
}

TEST(HlsProgramDate, KeepsTheEndListAndCarriageReturns) {
  const auto out = with_program_dates("#EXTM3U\r\n#EXTINF:2.5,\r\na.ts\r\n#EXT-X-ENDLIST\r\n", 1000);
  EXPECT_EQ(out,
            "#EXTM3U\r\n#EXT-X-PROGRAM-DATE-TIME:1970-01-01T00:00:01.000Z\n#EXTINF:2.5,\r\na.ts\r\n#EXT-X-ENDLIST\r\n");
}

TEST(HlsProgramDate, NoRoundingDriftOverAnHour) {
  // 1800 segments of 1.9666666666666666 s: the last date is the exact sum, to the millisecond.
  std::string p = "#EXTM3U\n";
  for (int i = 0; i < 1800; ++i) p += "#EXTINF:1.9666666666666666,\ns.ts\n";
  const auto out = with_program_dates(p, 0);
  const auto last = out.rfind("#EXT-X-PROGRAM-DATE-TIME:");
  // 1799 × 1.96666… = 3538.0333 s
  EXPECT_EQ(out.substr(last, 49), "#EXT-X-PROGRAM-DATE-TIME:1970-01-01T00:58:58.033Z");
}

TEST(HlsProgramDate, LeavesWhatItCannotDateAsItIs) {
  // A sliding window: the first listed segment is not the stream's first.
  const std::string sliding = "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:7\n#EXTINF:2.0,\ns7.ts\n";
  EXPECT_EQ(with_program_dates(sliding, 1000), sliding);
  // Already dated.
  const std::string dated = "#EXTM3U\n#EXT-X-PROGRAM-DATE-TIME:1970-01-01T00:00:01.000Z\n#EXTINF:2.0,\na.ts\n";
  EXPECT_EQ(with_program_dates(dated, 5000), dated);
  // An unreadable duration.
  const std::string odd = "#EXTM3U\n#EXTINF:abc,\na.ts\n";
  EXPECT_EQ(with_program_dates(odd, 1000), odd);
  EXPECT_EQ(with_program_dates("", 1000), "");
}

}  // namespace
}  // namespace tc::media
