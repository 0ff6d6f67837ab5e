#include "media/sample_timeline.hpp"

#include <algorithm>

namespace tc::media {

std::optional<Nanos> TrackTimeline::place(Nanos pts, Nanos duration, Nanos clock_now) {
  const bool video = kind_ == Kind::video;
  if (!anchored_ || pts < last_in_) {
    const Nanos next = last_out_ + (last_out_ > 0 && video ? 33 * kMillisecond : 0);
    base_out_ = anchored_ ? next : std::max(clock_now, next);
    base_in_ = pts;
    anchored_ = true;
  }
  last_in_ = pts;
  Nanos out = pts - base_in_ + base_out_;
  if (!video) {
    // While rtpbin settles, the first audio packets come with compressed timestamps (1–20 ms apart
    // for 20 ms frames); muxers then see overlapping audio. Drop those.
    if (last_out_ > 0 && out + kMillisecond < last_out_) return std::nullopt;
    last_out_ = out + duration;
  } else {
    // Strictly forward, by at least 1 ms (Matroska's resolution): the first frames also come
    // squeezed together while the jitter buffer settles.
    if (last_out_ > 0) out = std::max(out, last_out_ + kMillisecond);
    last_out_ = out;
  }
  return out;
}

bool KeyframeGate::admit(bool flagged_key, bool whole) {
  const bool key = flagged_key && whole;
  // A keyframe missing its first slices is no place to start from: treated like a delta frame, it
  // waits with the others for the next whole keyframe; and data went missing unseen.
  if (flagged_key && !key && seen_keyframe_) awaiting_keyframe_ = true;
  if (!seen_keyframe_) {
    if (!key) return false;
    seen_keyframe_ = true;
  }
  if (awaiting_keyframe_) {
    if (!key) {
      ++dropped_frames_;
      return false;
    }
    awaiting_keyframe_ = false;
  }
  return true;
}

}  // namespace tc::media
