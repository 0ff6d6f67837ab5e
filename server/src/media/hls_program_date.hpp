#pragma once
// EXT-X-PROGRAM-DATE-TIME for the live HLS playlist (issue 13: an HLS viewer sees an alert when its
// playback reaches the alert's moment). hlssink2 (GStreamer 1.22) writes no date tags and has no
// option for them, so the playlist it renders passes through here before it reaches the disk: every
// segment gets the wall-clock date of its first frame, counted from the stream's timeline origin
// (core/media_timeline.hpp) plus the EXTINF durations before it. Segment durations are running-time
// differences, so the dates follow the same clock as media_time_ms and an alert's posted_at.
//
// Plain C++ (no GStreamer), unit-tested; called on the HLS pipeline's streaming thread.
#include <cstdint>
#include <string>
#include <string_view>

namespace tc::media {

// `playlist` with a date before each segment's #EXTINF. Only a playlist that starts at the stream's
// first segment (no EXT-X-MEDIA-SEQUENCE, or 0: ours keep every segment) can be dated from the
// origin; any other is returned as it is, and so is one that already carries dates.
std::string with_program_dates(std::string_view playlist, int64_t origin_epoch_ms);

// "2026-12-06T21:03:04.123Z" (UTC, milliseconds), the form HLS and Date.parse read.
std::string iso8601_utc_ms(int64_t epoch_ms);

}  // namespace tc::media
