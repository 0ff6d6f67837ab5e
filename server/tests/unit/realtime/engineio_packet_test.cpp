#include "realtime/engineio/packet.hpp"

#include <gtest/gtest.h>

namespace tc::realtime::engineio {
namespace {

TEST(EngineioPacket, DecodesAPayloadOfTextAndBinaryPackets) {
  const std::string body = std::string("4hello") + '\x1e' + "2" + '\x1e' + "bAQID";
  auto packets = decode_payload(body, 10);
  ASSERT_TRUE(packets);
  ASSERT_EQ(packets->size(), 3u);
  EXPECT_EQ((*packets)[0].type, PacketType::message);
  EXPECT_EQ((*packets)[0].data, "hello");
  EXPECT_EQ((*packets)[1].type, PacketType::ping);
  EXPECT_TRUE((*packets)[2].binary);
  EXPECT_EQ((*packets)[2].data, std::string("\x01\x02\x03", 3));
}

TEST(EngineioPacket, RefusesMalformedPayloads) {
  EXPECT_FALSE(decode_payload("", 10));
  EXPECT_FALSE(decode_payload("9x", 10));          // unknown type
  EXPECT_FALSE(decode_payload("4a\x1e", 10));      // empty packet after a separator
  EXPECT_FALSE(decode_payload("b!!!!", 10));       // not base64
  EXPECT_FALSE(decode_payload("bAQI", 10));        // not a multiple of 4
  EXPECT_FALSE(decode_payload("4a\x1e" "4b\x1e" "4c", 2));  // more packets than allowed
}

TEST(EngineioPacket, Base64RoundTripsEveryLength) {
  std::string bytes;
  for (int n = 0; n < 70; ++n) {
    const auto enc = base64_encode(bytes);
    EXPECT_EQ(enc.size() % 4, 0u);
    auto dec = base64_decode(enc);
    ASSERT_TRUE(dec) << n;
    EXPECT_EQ(*dec, bytes);
    bytes += static_cast<char>(n * 37);
  }
  EXPECT_FALSE(base64_decode("A=AA"));  // padding in the middle
  EXPECT_FALSE(base64_decode("AAA=AAAA"));
}

TEST(EngineioPacket, EncodesBinaryIntoAPayloadAsBase64) {
  std::string payload;
  append_to_payload(payload, "4abc", false);
  append_to_payload(payload, std::string("\x01\x02\x03", 3), true);
  EXPECT_EQ(payload, std::string("4abc\x1e") + "bAQID");
}

}  // namespace
}  // namespace tc::realtime::engineio
