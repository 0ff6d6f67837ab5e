#pragma once
// The rules a stream's samples pass before they reach viewers, recording, HLS and thumbnails: one
// forward-moving timeline per track across publisher sessions, and a keyframe gate that keeps
// undecodable frames out. Plain C++ over nanosecond timestamps (GstClockTime values), unit-tested.
//
// Threads: none of their own; StreamHub calls them under its data mutex.
#include <cstdint>
#include <optional>

namespace tc::media {

using Nanos = uint64_t;
inline constexpr Nanos kMillisecond = 1'000'000;

// Maps a publisher's timestamps onto ours. Each track keeps the publisher's spacing, anchored to the
// outputs' clock when it (re)starts. rtpbin's lip-sync moves a track back by a few hundred ms when the
// first RTCP SR arrives: a backwards step re-anchors the track right after what was already sent, so
// outputs see one forward-moving timeline (also across publisher sessions).
class TrackTimeline {
 public:
  enum class Kind { video, audio };
  explicit TrackTimeline(Kind kind) : kind_(kind) {}

  // Our timestamp for a sample with publisher time `pts` (audio: lasting `duration`), or nullopt when
  // it is to be dropped. `clock_now` is the outputs' running time, used when the track (re)anchors.
  std::optional<Nanos> place(Nanos pts, Nanos duration, Nanos clock_now);
  // A new publisher session: the next sample anchors again, after what was already sent.
  void reanchor() { anchored_ = false; }

 private:
  const Kind kind_;
  bool anchored_ = false;
  Nanos base_in_ = 0, base_out_ = 0;  // publisher pts ↔ our timeline
  Nanos last_in_ = 0;
  Nanos last_out_ = 0;  // video: last pts sent; audio: end of the last frame
};

// Outputs start at a keyframe (HLS segments, a decodable recording), and after lost data nothing goes
// out until the next keyframe: a delta frame then would decode with missing references (a corrupt
// picture in the recording, HLS and every viewer).
class KeyframeGate {
 public:
  // A video frame. `flagged_key`: the depayloader marked it a keyframe; `whole`: it is a complete
  // picture (an H.264 keyframe missing its first slices is not). True: let it through.
  bool admit(bool flagged_key, bool whole);
  // RTP packets went missing before the depayloader.
  void on_loss() {
    if (seen_keyframe_) awaiting_keyframe_ = true;
  }
  // A new publisher session.
  void restart() { seen_keyframe_ = awaiting_keyframe_ = false; }
  int64_t dropped_frames() const { return dropped_frames_; }  // held back after a loss

 private:
  bool seen_keyframe_ = false;
  bool awaiting_keyframe_ = false;
  int64_t dropped_frames_ = 0;
};

}  // namespace tc::media
