#pragma once
// Where a moment falls on a live stream's media timeline, for whoever stamps events with it (trade
// alerts' media_time_ms, issue 13). Here in core so that the domain can take it by constructor without
// seeing the media layer; media::MediaService implements it.
//
// The timeline's origin is the wall-clock time (epoch ms, the same clock as posted_at) at which the
// first frame of the stream entered this node's media hub: the recording and the HLS playlist start
// there, and the playlist's EXT-X-PROGRAM-DATE-TIME tags are origin + the media time, so a player
// that has reached PROGRAM-DATE-TIME `d` is showing the moment `d` of the server's clock.
#include <cstdint>
#include <optional>
#include <string>

namespace tc::core {

class MediaTimeline {
 public:
  virtual ~MediaTimeline() = default;
  // Thread-safe, never blocks. Epoch ms of the stream's first frame on this node; nullopt while
  // nothing has been published (or the stream's media is on another node, or media is off).
  virtual std::optional<int64_t> timeline_origin_ms(const std::string& stream_id) const = 0;

  // Milliseconds since the first frame at wall time `at_ms` (never negative), or nullopt as above.
  std::optional<int64_t> media_time_ms(const std::string& stream_id, int64_t at_ms) const {
    const auto origin = timeline_origin_ms(stream_id);
    if (!origin) return std::nullopt;
    return at_ms > *origin ? at_ms - *origin : 0;
  }
};

// For a server without a media plane (--media=false): nothing is ever published here.
class NoMediaTimeline final : public MediaTimeline {
 public:
  std::optional<int64_t> timeline_origin_ms(const std::string&) const override { return std::nullopt; }
};

}  // namespace tc::core
