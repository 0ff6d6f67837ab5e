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

TEST(Text, DecodeEncodeRoundTrip) {
  const std::string s = "a\u00E9\u20AC\U0001F680";
  auto cps = utf8_decode(s);
  ASSERT_TRUE(cps);
  EXPECT_EQ(*cps, (std::u32string{U'a', 0xE9, 0x20AC, 0x1F680}));
  EXPECT_EQ(utf8_encode(*cps), s);
  EXPECT_FALSE(utf8_decode("\xC0\x80"));  // overlong
}

TEST(Text, InvisibleCharacterClasses) {
  for (char32_t cp : {0x200B, 0x200D, 0xFEFF, 0x2060, 0x202E, 0x2066, 0xFE0F, 0xE0041, 0x00AD, 0x3164}) {
    EXPECT_TRUE(is_default_ignorable(cp)) << std::hex << static_cast<uint32_t>(cp);
  }
  for (char32_t cp : {char32_t{U'a'}, char32_t{U' '}, char32_t{0x05D0}, char32_t{0x1F680}, char32_t{0x2800}}) {
    EXPECT_FALSE(is_default_ignorable(cp));
  }
  for (char32_t cp : {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}) {
    EXPECT_TRUE(is_bidi_override(cp));
  }
  EXPECT_FALSE(is_bidi_override(0x200F));  // a mark, not an override
  EXPECT_TRUE(is_unicode_space(0x3000));
  EXPECT_TRUE(is_unicode_space(0x2007));
  EXPECT_FALSE(is_unicode_space(0x200B));  // zero width: ignorable, not a space

  auto c = check_invisible("x\u200By\uFEFF");
  EXPECT_EQ(c.text, "xy");
  EXPECT_TRUE(c.visible);
  EXPECT_FALSE(c.bidi_override);
  EXPECT_FALSE(check_invisible("\u200B\u200C\u200D").visible);
  EXPECT_TRUE(check_invisible("\u202Eabc").bidi_override);
  EXPECT_TRUE(check_invisible("\U000E0068\U000E0069").stray_tags);
}
