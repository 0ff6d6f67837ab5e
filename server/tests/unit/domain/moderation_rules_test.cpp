#include "domain/moderation/moderation_rules.hpp"

#include <gtest/gtest.h>

using namespace tc::domain;

TEST(ModerationRules, NormalisesCaseSpacesAndInvisibleCharacters) {
  EXPECT_EQ(normalize_for_match("  Buy   NOW\tplease "), "buy now please");
  EXPECT_EQ(normalize_for_match("S\xE2\x80\x8B""CAM"), "scam");  // zero-width space inside
  EXPECT_EQ(normalize_for_match("\xC3\x9C" "BLE"), "\xC3\xBC" "ble");  // Ü → ü
}

TEST(ModerationRules, BlockedTermsMatchNormalisedText) {
  const std::vector<std::string> terms{"pump and dump", "scam"};
  EXPECT_EQ(find_blocked_term(normalize_for_match("Total PUMP  and dump!"), terms), "pump and dump");
  EXPECT_EQ(find_blocked_term(normalize_for_match("a sCaM coin"), terms), "scam");
  EXPECT_EQ(find_blocked_term(normalize_for_match("a fine trade"), terms), "");
  EXPECT_FALSE(normalize_blocked_term("   ").ok());
  EXPECT_FALSE(normalize_blocked_term(std::string(51, 'a')).ok());
  EXPECT_FALSE(normalize_blocked_term("bad\x01").ok());
  EXPECT_EQ(*normalize_blocked_term(" Rug  Pull "), "rug pull");
}

TEST(ModerationRules, EmoteOnlyAcceptsEmojiSequencesAndNothingElse) {
  EXPECT_TRUE(is_emote_only("\xF0\x9F\x9A\x80"));                      // rocket
  EXPECT_TRUE(is_emote_only("\xF0\x9F\x9A\x80 \xF0\x9F\x93\x88"));     // rocket, chart
  EXPECT_TRUE(is_emote_only("\xE2\x9D\xA4\xEF\xB8\x8F"));             // heart + VS16
  EXPECT_TRUE(is_emote_only("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x92\xBB"));  // ZWJ sequence
  EXPECT_FALSE(is_emote_only("to the moon \xF0\x9F\x9A\x80"));
  EXPECT_FALSE(is_emote_only("   "));
  EXPECT_FALSE(is_emote_only(":)"));
}
