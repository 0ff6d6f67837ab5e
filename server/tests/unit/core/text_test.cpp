#include "core/text.hpp"

#include <gtest/gtest.h>

using namespace tc::core;

TEST(Text, Utf8LengthCountsCodePoints) {
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("héllo"), 5u);
  EXPECT_EQ(utf8_length("📈📉"), 2u);
  EXPECT_EQ(utf8_length(""), 0u);
}

TEST(Text, Utf8RejectsMalformedInput) {
  EXPECT_FALSE(utf8_length("\xff"));
  EXPECT_FALSE(utf8_length("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(utf8_length("\xed\xa0\x80"));      // UTF-16 surrogate
  EXPECT_FALSE(utf8_length("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(utf8_length("\xe2\x82"));          // truncated
}

TEST(Text, ControlCharacters) {
  EXPECT_TRUE(has_control_chars("a\x01z"));
  EXPECT_TRUE(has_control_chars("a\x7fz"));
  EXPECT_TRUE(has_control_chars("a\xc2\x85z"));  // NEL, a C1 control
  EXPECT_TRUE(has_control_chars("line\nbreak"));
  EXPECT_FALSE(has_control_chars("line\nbreak", true));
  EXPECT_FALSE(has_control_chars("plain é 📈"));
}

TEST(Text, TrimAndLower) {
  EXPECT_EQ(trim("  a b \n"), "a b");
  EXPECT_EQ(trim("   "), "");
  EXPECT_EQ(to_lower_ascii("AbC_1"), "abc_1");
}
