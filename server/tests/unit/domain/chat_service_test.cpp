#include "domain/chat/chat_service.hpp"

#include <gtest/gtest.h>

#include "domain/chat/chat_rules.hpp"
#include "domain/viewers/viewer_tracker.hpp"
#include "unit/domain/service_fixture.hpp"

namespace tc::domain {
namespace {

struct ChatFixture : test::ServiceFixture {
  Identity streamer = user("streamer1");
  Identity viewer = user("viewer1");
  std::string stream_id = streams.create(streamer, {"Live", std::nullopt, std::nullopt})->stream_id;
};

TEST(ChatRules, ChecksLengthEncodingAndControlCharacters) {
  EXPECT_EQ(*normalize_chat_text("  hi  "), "hi");
  EXPECT_EQ(normalize_chat_text("").error().code, "invalid_message");
  EXPECT_EQ(normalize_chat_text("a\x01").error().code, "invalid_message");
  EXPECT_EQ(normalize_chat_text("\xff").error().code, "invalid_message");
  std::string emoji;
  for (int i = 0; i < 500; ++i) emoji += "\xF0\x9F\x9A\x80";  // 500 code points, 2000 bytes
  EXPECT_TRUE(normalize_chat_text(emoji));
  EXPECT_EQ(normalize_chat_text(emoji + "a").error().code, "message_too_long");
  EXPECT_EQ(chat_message_type("TIP").error().code, "invalid_message_type");
}

// Issue 12: messages made only of invisible characters are refused; fillers are stripped; direction
// overrides and hidden tag text are refused; what emoji and right-to-left scripts need is kept.
TEST(ChatRules, InvisibleCharacters) {
  const std::string zwsp = "\u200B", bom = "\uFEFF", wj = "\u2060", lri = "\u2066", pdi = "\u2069";
  const std::string rlo = "\u202E", zwj = "\u200D", rlm = "\u200F", tag_a = "\U000E0041";
  for (const std::string& blank :
       {zwsp, zwsp + zwsp + zwsp, bom, wj + " " + zwsp, std::string("\u3164"), std::string("\u2800"),
        std::string("\u00AD"), "\u3000" + zwsp, std::string("\uFE0F"), zwj + zwj, rlm, "  " + zwsp + "  "}) {
    auto r = normalize_chat_text(blank);
    ASSERT_FALSE(r) << "accepted an invisible message of " << blank.size() << " bytes";
    EXPECT_EQ(r.error().code, "invisible_message");
  }
  EXPECT_EQ(normalize_chat_text(lri + pdi).error().code, "bidi_control");
  EXPECT_EQ(normalize_chat_text("price " + rlo + "gnol" + " now").error().code, "bidi_control");
  EXPECT_EQ(normalize_chat_text("hi " + lri + "x" + pdi).error().code, "bidi_control");
  EXPECT_EQ(normalize_chat_text(tag_a + "\U000E0042").error().code, "hidden_characters");
  EXPECT_EQ(normalize_chat_text("buy" + tag_a).error().code, "hidden_characters");
  // Fillers mixed in are removed (so blocked terms still match), then the text is trimmed.
  EXPECT_EQ(*normalize_chat_text(zwsp + " sc" + zwsp + "am " + bom), "scam");
  EXPECT_EQ(*normalize_chat_text("soft\u00ADhyphen"), "softhyphen");
  // Kept: a ZWJ family emoji, a variation selector, an England flag tag sequence, an RLM in Hebrew.
  const std::string family = "\U0001F468" + zwj + "\U0001F469" + zwj + "\U0001F467";
  EXPECT_EQ(*normalize_chat_text(family), family);
  EXPECT_EQ(*normalize_chat_text("\u2764\uFE0F"), "\u2764\uFE0F");
  const std::string england = "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F";
  EXPECT_EQ(*normalize_chat_text(england), england);
  EXPECT_EQ(*normalize_chat_text("\u05E9\u05DC\u05D5\u05DD" + rlm + "!"), "\u05E9\u05DC\u05D5\u05DD" + rlm + "!");
  // A flag start without its cancel tag is not a sequence: its tags are hidden text.
  EXPECT_EQ(normalize_chat_text("\U0001F3F4\U000E0067\U000E0062").error().code, "hidden_characters");
  // The length limit counts what is kept.
  EXPECT_TRUE(normalize_chat_text(std::string(500, 'a') + zwsp + zwsp));
}

TEST(ChatService, AcceptedMessagesAreRecentAtOnceAndStoredOnFlush) {
  ChatFixture f;
  ChatService chat(*f.store, f.clock, {{0, 0}, 3, 100});
  for (int i = 0; i < 5; ++i) {
    f.clock.advance_ms(1);
    ASSERT_TRUE(chat.accept(f.viewer, f.stream_id, "m" + std::to_string(i), "", false));
  }
  EXPECT_EQ(chat.pending(), 5u);
  auto recent = chat.recent(f.stream_id);
  ASSERT_EQ(recent.size(), 3u);
  EXPECT_EQ(recent.front().message, "m2");  // oldest first, the last three
  EXPECT_EQ(recent.back().message, "m4");
  EXPECT_EQ(chat.flush(), 5u);
  EXPECT_EQ(chat.pending(), 0u);
  auto page = chat.history(f.stream_id, std::nullopt, 2);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->messages.size(), 2u);
  EXPECT_EQ(page->messages[0].message, "m4");  // newest first
  ASSERT_TRUE(page->next_cursor);
  auto older = chat.history(f.stream_id, page->next_cursor, 10);
  ASSERT_TRUE(older);
  ASSERT_EQ(older->messages.size(), 3u);
  EXPECT_EQ(older->messages[0].message, "m2");
  EXPECT_FALSE(older->next_cursor);
  EXPECT_EQ(chat.history(f.stream_id, std::string("nope"), 10).error().code, "invalid_cursor");
}

TEST(ChatService, RecentMergesWhatTheStoreHadWithWhatArrivedSince) {
  ChatFixture f;
  {
    ChatService before_restart(*f.store, f.clock, {{0, 0}, 4, 100});
    for (int i = 0; i < 3; ++i) {
      f.clock.advance_ms(1);
      ASSERT_TRUE(before_restart.accept(f.viewer, f.stream_id, "old" + std::to_string(i), "", false));
    }
    before_restart.flush();
  }
  ChatService chat(*f.store, f.clock, {{0, 0}, 4, 100});
  f.clock.advance_ms(1);
  ASSERT_TRUE(chat.accept(f.viewer, f.stream_id, "new", "", false));  // before anyone asked for recent
  auto recent = chat.recent(f.stream_id);
  ASSERT_EQ(recent.size(), 4u);
  EXPECT_EQ(recent[0].message, "old0");
  EXPECT_EQ(recent[3].message, "new");
}

TEST(ChatService, RateLimitsPerUserAndGivesTheStreamerMore) {
  ChatFixture f;
  ChatService chat(*f.store, f.clock, {{2, 10'000}, 50, 100});
  EXPECT_TRUE(chat.accept(f.viewer, f.stream_id, "1", "", false));
  EXPECT_TRUE(chat.accept(f.viewer, f.stream_id, "2", "", false));
  auto third = chat.accept(f.viewer, f.stream_id, "3", "", false);
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().code, "rate_limited");
  EXPECT_GT(third.error().retry_after_s, 0);
  for (int i = 0; i < 8; ++i) EXPECT_TRUE(chat.accept(f.streamer, f.stream_id, "s", "", true)) << i;
  EXPECT_FALSE(chat.accept(f.streamer, f.stream_id, "s", "", true));
  f.clock.advance_ms(10'000);
  EXPECT_TRUE(chat.accept(f.viewer, f.stream_id, "again", "", false));
}

TEST(ChatService, RefusesWhenTooManyAreWaitingToBeWritten) {
  ChatFixture f;
  ChatService chat(*f.store, f.clock, {{0, 0}, 50, 2});
  EXPECT_TRUE(chat.accept(f.viewer, f.stream_id, "1", "", false));
  EXPECT_TRUE(chat.accept(f.viewer, f.stream_id, "2", "", false));
  EXPECT_EQ(chat.accept(f.viewer, f.stream_id, "3", "", false).error().code, "server_busy");
  chat.flush();
  EXPECT_TRUE(chat.accept(f.viewer, f.stream_id, "3", "", false));
}

TEST(ViewerTracker, CountsAUserOnceAndReportsChangesInBatches) {
  core::ManualClock clock;
  ViewerTracker t(clock);
  EXPECT_EQ(t.join("s", "alice"), 1);
  EXPECT_EQ(t.join("s", "alice"), 1);  // a second tab
  EXPECT_EQ(t.join("s", "anon:x"), 2);
  auto changes = t.take_changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].viewer_count, 2);
  EXPECT_TRUE(changes[0].grew);
  EXPECT_TRUE(t.take_changes().empty());
  EXPECT_EQ(t.leave("s", "alice"), 2);  // one tab left, still watching
  clock.advance_ms(5'000);
  EXPECT_EQ(t.leave("s", "alice"), 1);
  changes = t.take_changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_FALSE(changes[0].grew);
  EXPECT_EQ(changes[0].peak_viewers, 2);
  auto sessions = t.take_sessions();
  ASSERT_EQ(sessions.size(), 3u);  // two opened, alice's closed
  EXPECT_EQ(sessions[2].user_id, "alice");
  ASSERT_TRUE(sessions[2].left_at);
  EXPECT_EQ(*sessions[2].left_at - sessions[2].joined_at, 5'000);
  t.end_stream("s");
  sessions = t.take_sessions();
  ASSERT_EQ(sessions.size(), 1u);  // the anonymous viewer's, closed by the end
  EXPECT_EQ(t.count("s"), 0);
}

}  // namespace
}  // namespace tc::domain
