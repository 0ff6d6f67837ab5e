#include "media/stream_stats.hpp"

namespace tc::media {

void RateMeter::update(const IngestCounters& c, int64_t now_ms) {
  const int64_t dt = now_ms - at_ms_;
  if (at_ms_ != 0 && dt < 1000) return;
  if (at_ms_ != 0) {
    rates_.video_bps = (c.video_bytes - at_.video_bytes) * 8000 / dt;
    rates_.audio_bps = (c.audio_bytes - at_.audio_bytes) * 8000 / dt;
    rates_.fps = static_cast<double>(c.frames - at_.frames) * 1000.0 / static_cast<double>(dt);
  }
  at_ms_ = now_ms;
  at_ = c;
}

namespace {

// The figures REST stats and /metrics gauges share (same field names in both): rates read 0 while
// no media flows, so a stalled publisher does not show its last second forever.
template <class Out>
void fill_live_figures(Out& out, const StreamSnapshot& s) {
  out.hls_transcode = s.hls_transcode;
  out.width = s.counters.width;
  out.height = s.counters.height;
  out.fps = s.flowing ? s.rates.fps : 0;
  out.video_bitrate_bps = s.flowing ? s.rates.video_bps : 0;
  out.audio_bitrate_bps = s.flowing ? s.rates.audio_bps : 0;
  out.viewers_whep = s.viewers_whep;
}

}  // namespace

StreamMediaStats to_media_stats(const StreamSnapshot& s, MediaState state) {
  StreamMediaStats out;
  out.state = state;
  out.video_codec = to_string(s.codec.value_or(VideoCodec::h264));
  out.audio_codec = s.has_audio ? "OPUS" : "";
  fill_live_figures(out, s);
  out.keyframes = s.counters.keyframes;
  out.frames = s.counters.frames;
  out.lost_packets = s.counters.lost_packets;
  out.dropped_frames = s.counters.dropped_frames;
  out.live_since_ms = s.flowing ? s.live_since_ms : 0;
  out.recording = s.recording;
  return out;
}

LiveStreamGauges to_gauges(const std::string& stream_id, const StreamSnapshot& s) {
  LiveStreamGauges g;
  g.stream_id = stream_id;
  g.video_codec = s.codec ? to_string(*s.codec) : "";
  fill_live_figures(g, s);
  return g;
}

}  // namespace tc::media
