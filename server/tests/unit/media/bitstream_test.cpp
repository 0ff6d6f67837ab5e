#include "media/bitstream.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace tc::media {
namespace {

using V = std::vector<uint8_t>;
Bytes b(const V& v) { return Bytes(v.data(), v.size()); }

// NAL units after a 3-byte start code; the byte after a slice's NAL header carries first_mb_in_slice.
const V kSps{0, 0, 1, 0x67, 0x42, 0xe0, 0x1f};
const V kPps{0, 0, 1, 0x68, 0xce, 0x3c};
const V kSei{0, 0, 1, 0x06, 0x05};
const V kIdrFirst{0, 0, 1, 0x65, 0x88, 0x84};  // first_mb_in_slice = 0 (a single 1 bit)
const V kIdrTail{0, 0, 1, 0x65, 0x48, 0x84};   // first_mb_in_slice > 0
const V kDeltaFirst{0, 0, 1, 0x41, 0x9a, 0x00};

V cat(std::initializer_list<V> parts) {
  V out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

TEST(Bitstream, HeadersOnlyIsParameterSetsSeiAndDelimiters) {
  EXPECT_TRUE(h264_headers_only(b(cat({kSps, kPps}))));
  EXPECT_TRUE(h264_headers_only(b(cat({kSei, kSps, kPps}))));
  EXPECT_FALSE(h264_headers_only(b(cat({kSps, kPps, kIdrFirst}))));
  EXPECT_FALSE(h264_headers_only(b(kDeltaFirst)));
  EXPECT_FALSE(h264_headers_only(b({})));
  EXPECT_FALSE(h264_headers_only(b({1, 2, 3, 4, 5})));  // no start code
  V big = cat({kSps, kPps});
  big.resize(513, 0xff);  // larger than any header-only unit we hold back
  EXPECT_FALSE(h264_headers_only(b(big)));
}

TEST(Bitstream, FirstMacroblockOfTheFirstSlice) {
  EXPECT_TRUE(h264_starts_at_first_macroblock(b(cat({kSps, kPps, kIdrFirst}))));
  EXPECT_FALSE(h264_starts_at_first_macroblock(b(cat({kSps, kPps, kIdrTail}))));
  EXPECT_TRUE(h264_starts_at_first_macroblock(b(kDeltaFirst)));
  // Only the first slice counts: a tail slice after a whole first slice is fine.
  EXPECT_TRUE(h264_starts_at_first_macroblock(b(cat({kIdrFirst, kIdrTail}))));
  EXPECT_FALSE(h264_starts_at_first_macroblock(b(cat({kSps, kPps}))));  // no slice at all
  EXPECT_FALSE(h264_starts_at_first_macroblock(b({0, 0, 1, 0x65})));    // truncated
}

TEST(Bitstream, Vp8KeyframeSize) {
  // Frame tag with the keyframe bit clear, start code, 640 x 360 (14 bits each, little endian).
  const V key{0x50, 0x42, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0x68, 0x01};
  auto size = vp8_keyframe_size(b(key));
  ASSERT_TRUE(size);
  EXPECT_EQ(size->width, 640);
  EXPECT_EQ(size->height, 360);
  V scaled = key;
  scaled[7] |= 0xc0;  // the top two bits are the horizontal scale, not the width
  EXPECT_EQ(vp8_keyframe_size(b(scaled))->width, 640);
  V delta = key;
  delta[0] |= 0x01;
  EXPECT_FALSE(vp8_keyframe_size(b(delta)));
  V bad = key;
  bad[3] = 0x9c;
  EXPECT_FALSE(vp8_keyframe_size(b(bad)));
  EXPECT_FALSE(vp8_keyframe_size(b(V(key.begin(), key.begin() + 9))));
}

TEST(Bitstream, RtpSequence) {
  EXPECT_EQ(rtp_sequence(b({0x80, 0x66, 0x12, 0x34})), 0x1234);
  EXPECT_FALSE(rtp_sequence(b({0x40, 0x66, 0x12, 0x34})));  // version 1
  EXPECT_FALSE(rtp_sequence(b({0x80, 0x66, 0x12})));
}

TEST(Bitstream, RtpLossCounterCountsGapsAcrossTheWrap) {
  RtpLossCounter c;
  EXPECT_EQ(c.on_packet(65533), 0);  // the first packet sets the position
  EXPECT_EQ(c.on_packet(65534), 0);
  EXPECT_EQ(c.on_packet(1), 2);  // 65535 and 0 never came
  EXPECT_EQ(c.on_packet(1), 0);  // duplicate
  EXPECT_EQ(c.on_packet(0), 0);  // late: ignored, and the position stays at 1
  EXPECT_EQ(c.on_packet(2), 0);
  EXPECT_EQ(c.on_packet(2 + 0x8000), 0);  // half the space ahead counts as old, not as a huge gap
  EXPECT_EQ(c.on_packet(5), 2);
}

}  // namespace
}  // namespace tc::media
