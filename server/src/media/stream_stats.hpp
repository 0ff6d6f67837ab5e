#pragma once
// One stream's figures as one snapshot: the data path's counters, the rates derived from them once a
// second, and what the control side knows (codec, outputs, viewers). The snapshot converts to the
// REST stats and the /metrics gauges, so both read the same numbers. Plain C++, unit-tested.
#include <cstdint>
#include <optional>
#include <string>

#include "media/media_service.hpp"
#include "media/sdp_offer.hpp"

namespace tc::media {

// Cumulative since the stream's first ingest.
struct IngestCounters {
  int64_t video_bytes = 0, audio_bytes = 0;
  int64_t frames = 0, keyframes = 0;
  int64_t lost_packets = 0;    // video RTP packets that never reached the depayloader
  int64_t dropped_frames = 0;  // video frames held back after a loss, until the next keyframe
  int width = 0, height = 0;   // of the last keyframe
};

struct IngestRates {
  double fps = 0;
  int64_t video_bps = 0, audio_bps = 0;
};

// Rates over the last second or more: update() as often as you like, they move once a second.
class RateMeter {
 public:
  void update(const IngestCounters& c, int64_t now_ms);
  const IngestRates& rates() const { return rates_; }

 private:
  int64_t at_ms_ = 0;  // of the previous sample; 0 before the first
  IngestCounters at_;
  IngestRates rates_;
};

struct StreamSnapshot {
  std::optional<VideoCodec> codec;  // nullopt before the first ingest
  bool has_audio = false;
  bool flowing = false;  // the current publisher sends video
  IngestCounters counters;
  IngestRates rates;
  int64_t live_since_ms = 0;  // epoch ms of the current ingest's first sample
  int viewers_whep = 0;
  bool recording = false;      // the recording pipeline runs
  bool hls_transcode = false;  // HLS runs and re-encodes video (VP8)
};

// Rates and live_since read 0 while no media flows. viewers_hls and hls_segments are the caller's.
StreamMediaStats to_media_stats(const StreamSnapshot& s, MediaState state);
LiveStreamGauges to_gauges(const std::string& stream_id, const StreamSnapshot& s);

}  // namespace tc::media
