#include "net/websocket_frame.hpp"

#include <gtest/gtest.h>

namespace tc::net {
namespace {

// A client frame: masked with a fixed key.
std::string client_frame(uint8_t first_byte, std::string_view payload) {
  std::string f;
  f += static_cast<char>(first_byte);
  const uint8_t mask[4] = {0x11, 0x22, 0x33, 0x44};
  if (payload.size() < 126) {
    f += static_cast<char>(0x80 | payload.size());
  } else {
    f += static_cast<char>(0x80 | 126);
    f += static_cast<char>(payload.size() >> 8);
    f += static_cast<char>(payload.size() & 0xff);
  }
  for (uint8_t m : mask) f += static_cast<char>(m);
  for (size_t i = 0; i < payload.size(); ++i) f += static_cast<char>(payload[i] ^ mask[i & 3]);
  return f;
}

TEST(WebSocketFrame, DecodesMessagesFedByteByByte) {
  WsFrameDecoder d(1 << 20);
  const std::string big(300, 'x');
  const std::string wire =
      client_frame(0x81, "4hello") + client_frame(0x82, std::string("\x00\x01", 2)) + client_frame(0x81, big);
  std::vector<WsEvent> out;
  for (char c : wire) d.feed(std::string_view(&c, 1), out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].payload, "4hello");
  EXPECT_FALSE(out[0].binary);
  EXPECT_TRUE(out[1].binary);
  EXPECT_EQ(out[1].payload, std::string("\x00\x01", 2));
  EXPECT_EQ(out[2].payload, big);
  EXPECT_EQ(d.buffered(), 0u);
}

TEST(WebSocketFrame, JoinsFragmentsAroundControlFrames) {
  WsFrameDecoder d(1 << 20);
  std::vector<WsEvent> out;
  d.feed(client_frame(0x01, "he") + client_frame(0x89, "p") + client_frame(0x80, "llo"), out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].kind, WsEvent::Kind::ping);
  EXPECT_EQ(out[1].payload, "hello");
}

TEST(WebSocketFrame, RefusesWhatTheProtocolForbids) {
  auto first_error = [](const std::string& wire, size_t max = 1 << 20) {
    WsFrameDecoder d(max);
    std::vector<WsEvent> out;
    d.feed(wire, out);
    return out.empty() || out.back().kind != WsEvent::Kind::error ? 0 : out.back().close_code;
  };
  EXPECT_EQ(first_error(std::string("\x81\x01", 2) + "a"), 1002);  // unmasked
  EXPECT_EQ(first_error(client_frame(0xC1, "a")), 1002);           // RSV1
  EXPECT_EQ(first_error(client_frame(0x80, "a")), 1002);           // continuation first
  EXPECT_EQ(first_error(client_frame(0x83, "a")), 1002);           // unknown opcode
  EXPECT_EQ(first_error(client_frame(0x09, "a")), 1002);           // fragmented ping
  EXPECT_EQ(first_error(client_frame(0x81, "\xff")), 1007);        // text not UTF-8
  EXPECT_EQ(first_error(client_frame(0x81, std::string(11, 'a')), 10), 1009);
}

TEST(WebSocketFrame, ReadsTheCloseCodeAndWritesHeaders) {
  WsFrameDecoder d(100);
  std::vector<WsEvent> out;
  d.feed(client_frame(0x88, std::string("\x03\xe8"
                                        "bye",
                                        5)),
         out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, WsEvent::Kind::close);
  EXPECT_EQ(out[0].close_code, 1000);
  EXPECT_EQ(out[0].payload, "bye");
  uint8_t h[10];
  EXPECT_EQ(ws_frame_header(h, WsOpcode::text, 5), 2u);
  EXPECT_EQ(h[0], 0x81);
  EXPECT_EQ(ws_frame_header(h, WsOpcode::binary, 300), 4u);
  EXPECT_EQ(ws_frame_header(h, WsOpcode::text, 70000), 10u);
  // RFC 6455 section 1.3's example.
  EXPECT_EQ(ws_accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

// A frame whose length is written in the 16- or 64-bit form whatever its size.
std::string long_form_frame(uint8_t first_byte, std::string_view payload, bool sixty_four) {
  std::string f;
  f += static_cast<char>(first_byte);
  f += static_cast<char>(0x80 | (sixty_four ? 127 : 126));
  const int bytes = sixty_four ? 8 : 2;
  for (int i = bytes - 1; i >= 0; --i) f += static_cast<char>((payload.size() >> (8 * i)) & 0xff);
  f += std::string(4, '\0');  // a zero mask
  f += payload;
  return f;
}

uint16_t decode_error(const std::string& wire) {
  WsFrameDecoder d(1 << 20);
  std::vector<WsEvent> out;
  d.feed(wire, out);
  return out.empty() || out.back().kind != WsEvent::Kind::error ? 0 : out.back().close_code;
}

std::string close_payload(uint16_t code, std::string_view reason = {}) {
  std::string p;
  p += static_cast<char>(code >> 8);
  p += static_cast<char>(code & 0xff);
  p += reason;
  return p;
}

TEST(WebSocketFrame, CloseCodesAPeerMayNotSendAreProtocolErrors) {
  for (uint16_t code : {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
    EXPECT_EQ(decode_error(client_frame(0x88, close_payload(code))), 1002) << code;
    EXPECT_FALSE(ws_close_code_valid(code)) << code;
  }
  for (uint16_t code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999}) {
    EXPECT_EQ(decode_error(client_frame(0x88, close_payload(code))), 0) << code;
    EXPECT_TRUE(ws_close_code_valid(code)) << code;
  }
}

TEST(WebSocketFrame, ACloseReasonMustBeUtf8) {
  EXPECT_EQ(decode_error(client_frame(0x88, close_payload(1000, "\xce\xba\xed\xa0\x80"))), 1007);
  EXPECT_EQ(decode_error(client_frame(0x88, close_payload(1000, "\xce\xba\xe1\xbd\xb9"))), 0);
}

TEST(WebSocketFrame, LengthsMustUseTheShortestForm) {
  EXPECT_EQ(decode_error(long_form_frame(0x81, "abc", false)), 1002);
  EXPECT_EQ(decode_error(long_form_frame(0x81, "abc", true)), 1002);
  EXPECT_EQ(decode_error(long_form_frame(0x82, std::string(300, 'a'), true)), 1002);
  EXPECT_EQ(decode_error(long_form_frame(0x82, std::string(300, 'a'), false)), 0);
  EXPECT_EQ(decode_error(long_form_frame(0x82, std::string(70000, 'a'), true)), 0);
}

TEST(WebSocketFrame, ClientKeysAreTheBase64OfSixteenBytes) {
  EXPECT_TRUE(ws_client_key_valid("dGhlIHNhbXBsZSBub25jZQ=="));
  for (const char* key : {"", "short", "AAAAAAAAAAAAAAAAAAAAAAAA", "dGhlIHNhbXBsZSBub25jZQ=!",
                          "dGhlIHNhbXBsZSBub25jZ===", "dGhlIHNhbXBsZSBub25jZQ==x", "dGhlIHNhbXBsZSBub25j*Q=="}) {
    EXPECT_FALSE(ws_client_key_valid(key)) << key;
  }
}

}  // namespace
}  // namespace tc::net
