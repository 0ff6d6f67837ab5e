#include "domain/streams/stream_rules.hpp"

#include <gtest/gtest.h>

using namespace tc::domain;

TEST(StreamRules, Titles) {
  EXPECT_EQ(*normalize_title("  BTC open  "), "BTC open");
  EXPECT_EQ(normalize_title("   ").error().code, "title_required");
  EXPECT_TRUE(normalize_title(std::string(140, 'x')));
  EXPECT_EQ(normalize_title(std::string(141, 'x')).error().code, "title_too_long");
  std::string emoji;
  for (int i = 0; i < 140; ++i) emoji += "📈";  // 140 code points, 560 bytes: allowed
  EXPECT_TRUE(normalize_title(emoji));
  EXPECT_EQ(normalize_title("bad\x01title").error().code, "invalid_text");
  EXPECT_EQ(normalize_title("line\nbreak").error().code, "invalid_text");
  EXPECT_EQ(normalize_title("\xff").error().code, "invalid_text");
}

TEST(StreamRules, DescriptionsAndCategories) {
  EXPECT_FALSE(normalize_description("  ")->has_value());
  EXPECT_EQ(**normalize_description("multi\nline"), "multi\nline");
  EXPECT_EQ(normalize_description(std::string(2001, 'd')).error().code, "description_too_long");
  EXPECT_EQ(*normalize_category(""), "trading");
  EXPECT_EQ(*normalize_category(" Crypto "), "crypto");
  EXPECT_EQ(normalize_category("<script>").error().code, "invalid_category");
  EXPECT_EQ(normalize_category(std::string(51, 'c')).error().code, "invalid_category");
}

TEST(StreamRules, CursorsRoundTripAndRejectForgeries) {
  tc::store::StreamCursor c{1'700'000'000'123, "0b4f6a3e-9d0c-4e4b-8a71-2f3c9e1d5a77"};
  auto back = decode_cursor(encode_cursor(c));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->started_at, c.started_at);
  EXPECT_EQ(back->stream_id, c.stream_id);
  EXPECT_FALSE(decode_cursor(""));
  EXPECT_FALSE(decode_cursor("!!!"));
  EXPECT_FALSE(decode_cursor("MTIz"));               // "123": no stream id
  EXPECT_FALSE(decode_cursor("MTIzOm5vdC1hLXV1aWQ"));  // "123:not-a-uuid"
  EXPECT_FALSE(decode_cursor(std::string(200, 'A')));
}
