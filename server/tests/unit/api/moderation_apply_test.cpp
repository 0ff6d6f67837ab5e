// apply_* (api/events/streaming/moderation_apply): each moderation action, applied on this node, changes
// the domain's memory (chat refuses a timed-out user, the cached channel rules hold the ban or mode) and
// tells the stream's room once, with the payload clients expect. Real ChatService and ModerationService
// over SQLite; the room is a recording fake.
#include "api/events/streaming/moderation_apply.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "unit/api/fake_room_sink.hpp"
#include "unit/domain/service_fixture.hpp"

using namespace tc;
namespace json = boost::json;

namespace {

struct ApplyFixture : test::ServiceFixture {
  domain::ChatService chat{*store, clock, {}};
  domain::ModerationService moderation{*store, clock};
  test::FakeRoomSink room;
  api::ModerationTargets targets{chat, moderation, room};
  domain::Identity owner = user("owner1");
  domain::Identity fan = user("fan1");
  const std::string stream_id = streams.create(owner, {"Live", std::nullopt, std::nullopt})->stream_id;

  ApplyFixture() { moderation.load(owner.user_id); }

  // The one event the room heard, as JSON text.
  std::string heard(const char* event) {
    const auto sent = room.sent();
    EXPECT_EQ(sent.size(), 1u);
    if (sent.size() != 1) return "";
    EXPECT_EQ(sent[0].stream_id, stream_id);
    EXPECT_EQ(sent[0].event, event);
    return json::serialize(sent[0].args);
  }
  std::string chat_code(const std::string& text) {
    auto r = chat.accept(fan, stream_id, text, "", false);
    return r ? "" : r.error().code;
  }
};

TEST(ModerationApply, TimeoutRefusesChatUntilItEndsCachesTheBanAndTellsTheRoomOnce) {
  ApplyFixture f;
  const int64_t until = f.clock.now_ms() + 60'000;
  api::apply_timeout(f.targets, f.stream_id, {f.fan.user_id, until, f.owner.user_id});
  EXPECT_EQ(f.heard("user_timed_out"), R"([{"stream_id":")" + f.stream_id + R"(","user_id":")" + f.fan.user_id +
                                           R"(","until":)" + std::to_string(until) + "}]");
  EXPECT_EQ(f.chat_code("hello"), "timed_out");
  auto rules = f.moderation.cached(f.owner.user_id);
  ASSERT_TRUE(rules);
  ASSERT_TRUE(rules->bans.contains(f.fan.user_id));
  EXPECT_EQ(rules->bans.at(f.fan.user_id), until);
  f.clock.advance_ms(60'001);
  EXPECT_EQ(f.chat_code("back"), "");
}

TEST(ModerationApply, BanIsCachedWithoutEndAndUnbanLiftsItAndAnEarlierTimeout) {
  ApplyFixture f;
  api::apply_ban(f.targets, f.stream_id, {f.fan.user_id, f.owner.user_id});
  EXPECT_EQ(f.heard("user_banned"), R"([{"stream_id":")" + f.stream_id + R"(","user_id":")" + f.fan.user_id + R"("}])");
  auto rules = f.moderation.cached(f.owner.user_id);
  ASSERT_TRUE(rules && rules->bans.contains(f.fan.user_id));
  EXPECT_FALSE(rules->bans.at(f.fan.user_id).has_value());
  EXPECT_EQ(f.moderation.check_message(*rules, f.fan.user_id, std::nullopt, "hi").error().code, "banned");

  test::FakeRoomSink unban_room;
  api::ModerationTargets t{f.chat, f.moderation, unban_room};
  f.chat.time_out(f.stream_id, f.fan.user_id, f.clock.now_ms() + 60'000);
  api::apply_unban(t, f.stream_id, {f.fan.user_id, f.owner.user_id});
  ASSERT_EQ(unban_room.sent().size(), 1u);
  EXPECT_EQ(unban_room.sent()[0].event, "user_unbanned");
  EXPECT_FALSE(f.moderation.cached(f.owner.user_id)->bans.contains(f.fan.user_id));
  EXPECT_EQ(f.chat_code("free again"), "");
}

TEST(ModerationApply, DeletedDropsTheMessageFromRecentChatAndHistory) {
  ApplyFixture f;
  auto line = f.chat.accept(f.fan, f.stream_id, "spam", "", false);
  ASSERT_TRUE(line);
  ASSERT_EQ(f.chat.recent(f.stream_id).size(), 1u);
  api::apply_deleted(f.targets, f.stream_id, {line->message_id});
  EXPECT_EQ(f.heard("message_deleted"),
            R"([{"stream_id":")" + f.stream_id + R"(","message_id":")" + line->message_id + R"("}])");
  EXPECT_TRUE(f.chat.recent(f.stream_id).empty());
  // Still waiting to be written: it is written as deleted, so history never shows it.
  f.chat.flush();
  auto page = f.chat.history(f.stream_id, std::nullopt, 50);
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->messages.empty());
}

TEST(ModerationApply, ModeIsCachedAndTheRoomHearsTheClientShape) {
  ApplyFixture f;
  store::ChatModeRow mode{f.owner.user_id, 30, false, true, true, f.clock.now_ms()};
  api::apply_mode(f.targets, f.stream_id, {mode});
  EXPECT_EQ(f.heard("chat_mode_changed"), R"([{"stream_id":")" + f.stream_id +
                                              R"(","chat_mode":{"slow_mode_seconds":30,"followers_only":false,)"
                                              R"("subscribers_only":true,"emote_only":true}}])");
  auto rules = f.moderation.cached(f.owner.user_id);
  ASSERT_TRUE(rules);
  EXPECT_EQ(rules->mode.slow_mode_seconds, 30);
  EXPECT_TRUE(rules->mode.subscribers_only);
  EXPECT_EQ(f.moderation.check_message(*rules, f.fan.user_id, std::nullopt, "words").error().code, "subscribers_only");
}

}  // namespace
