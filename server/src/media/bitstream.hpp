#pragma once
// Facts read straight from the bytes of what a publisher sends: H.264 byte-stream access units,
// VP8 frames and RTP headers. Plain C++ over byte spans (no GStreamer), unit-tested and cheap enough
// for every frame on a streaming thread.
#include <cstdint>
#include <optional>
#include <span>

namespace tc::media {

using Bytes = std::span<const uint8_t>;

// True when an H.264 byte-stream buffer holds only parameter sets / SEI / delimiters (no slice).
// Some publishers set the RTP marker after SPS/PPS, so the depayloader emits them on their own.
bool h264_headers_only(Bytes au);

// True when the first slice of an H.264 byte-stream access unit starts at macroblock 0. When the
// first RTP packets of a session never arrive (sent before the receiver was ready), the depayloader's
// first "keyframe" can be the tail slices of an IDR: flagged as a keyframe, but half a picture, and
// every frame after it references the missing half.
bool h264_starts_at_first_macroblock(Bytes au);

struct PictureSize {
  int width = 0, height = 0;
};
// Picture size from a VP8 keyframe's header (RFC 6386 §9.1); nullopt for a delta frame or garbage.
std::optional<PictureSize> vp8_keyframe_size(Bytes frame);

// The sequence number of an RTP packet (version 2), nullopt if it is not one.
std::optional<uint16_t> rtp_sequence(Bytes packet);

// Watches RTP sequence numbers in arrival order and reports the packets that never came.
class RtpLossCounter {
 public:
  // Packets missing just before `seq` (0: in order). A duplicate or a late packet (more than half
  // the sequence space behind) reports 0 and does not move the expected position.
  int64_t on_packet(uint16_t seq);

 private:
  int last_ = -1;  // the newest sequence number seen, -1 before the first
};

}  // namespace tc::media
