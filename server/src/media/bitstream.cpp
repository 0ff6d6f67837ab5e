#include "media/bitstream.hpp"

namespace tc::media {
namespace {

constexpr size_t kMaxHeadersOnly = 512;  // parameter sets and SEI are small; a slice makes it larger

bool start_code_at(Bytes b, size_t i) { return b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1; }

}  // namespace

bool h264_headers_only(Bytes au) {
  if (au.size() > kMaxHeadersOnly) return false;
  bool any = false, only = true;
  for (size_t i = 0; i + 3 < au.size(); ++i) {
    if (start_code_at(au, i)) {
      const int type = au[i + 3] & 0x1f;
      any = true;
      if (type != 6 && type != 7 && type != 8 && type != 9) only = false;  // SEI, SPS, PPS, AUD
      i += 2;
    }
  }
  return any && only;
}

bool h264_starts_at_first_macroblock(Bytes au) {
  for (size_t i = 0; i + 4 < au.size(); ++i) {
    if (start_code_at(au, i)) {
      const int type = au[i + 3] & 0x1f;
      if (type == 1 || type == 5) {  // the first slice of the picture
        // first_mb_in_slice is the slice header's first field, ue(v); 0 is coded as a single 1 bit:
        // the top bit of the byte after the NAL header.
        return (au[i + 4] & 0x80) != 0;
      }
      i += 2;
    }
  }
  return false;
}

std::optional<PictureSize> vp8_keyframe_size(Bytes d) {
  // 3-byte frame tag (bit 0 clear: keyframe), start code 9d 01 2a, then 14-bit width and height.
  if (d.size() < 10 || (d[0] & 0x01) != 0 || d[3] != 0x9d || d[4] != 0x01 || d[5] != 0x2a) return std::nullopt;
  return PictureSize{(d[6] | (d[7] << 8)) & 0x3fff, (d[8] | (d[9] << 8)) & 0x3fff};
}

std::optional<uint16_t> rtp_sequence(Bytes p) {
  // RTP fixed header: version in the top two bits, then the sequence number in bytes 2–3.
  if (p.size() < 4 || (p[0] >> 6) != 2) return std::nullopt;
  return static_cast<uint16_t>((p[2] << 8) | p[3]);
}

int64_t RtpLossCounter::on_packet(uint16_t seq) {
  int64_t lost = 0;
  if (last_ >= 0) {
    const int ahead = (seq - last_) & 0xffff;  // 1 = in order; ≥ 0x8000 = old (the jitter buffer drops those)
    if (ahead == 0 || ahead >= 0x8000) return 0;
    lost = ahead - 1;
  }
  last_ = seq;
  return lost;
}

}  // namespace tc::media
