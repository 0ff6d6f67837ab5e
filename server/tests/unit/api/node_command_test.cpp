// Node commands (api/events/streaming/node_command): what one node sends the others about a room.
// Every command survives encode → decode; decode refuses what is malformed or out of range in one
// place; and a decoded moderation command, applied against a fake room, reaches the room as the
// local action would.
#include "api/events/streaming/node_command.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/events/streaming/moderation_apply.hpp"
#include "unit/api/fake_room_sink.hpp"
#include "unit/domain/service_fixture.hpp"

using namespace tc;
namespace node = api::node;
namespace json = boost::json;

namespace {

std::string code_of(std::string_view text) {
  auto r = node::decode(text);
  return r ? "" : r.error().code;
}

TEST(NodeCommand, EveryCommandSurvivesEncodeAndDecode) {
  json::object line{{"message_id", "m1"},    {"user_id", "u1"},    {"username", "ann"},       {"message", "hi"},
                    {"message_type", "TIP"}, {"created_at", 1700}, {"tip_amount_cents", 500}, {"badge", nullptr}};
  const std::vector<node::Command> all{
      node::Count{42, true},
      node::Chat{line, {}},
      node::Deleted{"m1"},
      node::Timeout{"u1", 1'700'000'000'000, "s1"},
      node::Banned{"u1", "s1"},
      node::Unbanned{"u1", "s1"},
      node::Mode{store::ChatModeRow{"s1", 30, true, false, true, 99}},
      node::Ended{3600},
  };
  for (const auto& c : all) {
    const auto text = node::encode(c);
    auto back = node::decode(text);
    ASSERT_TRUE(back) << text << ": " << back.error().message;
    EXPECT_EQ(back->index(), c.index()) << text;
    EXPECT_EQ(node::encode(*back), text);
    EXPECT_EQ(json::parse(text).at("t").as_string(), node::name(c));
  }
  auto chat = node::decode(node::encode(all[1]));
  const auto& row = std::get<node::Chat>(*chat).row;
  EXPECT_EQ(row.message_id, "m1");
  EXPECT_EQ(row.username, "ann");
  EXPECT_EQ(row.message_type, "TIP");
  EXPECT_EQ(row.created_at, 1700);
  EXPECT_EQ(row.tip_amount_cents, 500);
  auto mode = node::decode(node::encode(all[6]));
  const auto& m = std::get<node::Mode>(*mode).mode;
  EXPECT_EQ(m.streamer_id, "s1");
  EXPECT_EQ(m.slow_mode_seconds, 30);
  EXPECT_TRUE(m.followers_only && !m.subscribers_only && m.emote_only);
  EXPECT_EQ(m.updated_at, 99);
}

TEST(NodeCommand, TheWireFormatIsWhatOlderNodesSend) {
  // As streaming_namespace sent them before the commands were typed.
  EXPECT_TRUE(node::decode(R"({"t":"count","n":3})"));
  EXPECT_TRUE(node::decode(R"({"t":"timeout","user_id":"u","until":5,"streamer_id":"s"})"));
  EXPECT_TRUE(node::decode(
      R"({"t":"mode","streamer_id":"s","updated_at":1,"chat_mode":{"slow_mode_seconds":0,"followers_only":false,"subscribers_only":false,"emote_only":false}})"));
  EXPECT_EQ(node::encode(node::Count{3, false}), R"({"n":3,"t":"count"})");
}

TEST(NodeCommand, MalformedOrOutOfRangeCommandsAreRefusedWithACode) {
  EXPECT_EQ(code_of("not json"), "invalid_command");
  EXPECT_EQ(code_of("[1,2]"), "invalid_command");
  EXPECT_EQ(code_of(R"({"n":1})"), "invalid_command");
  EXPECT_EQ(code_of(R"({"t":"teleport"})"), "unknown_command");
  EXPECT_EQ(code_of(R"({"t":"count","n":-1})"), "invalid_command");
  EXPECT_EQ(code_of(R"({"t":"count","n":100000001})"), "invalid_command");
  EXPECT_EQ(code_of(R"({"t":"count","n":1,"sync":"yes"})"), "invalid_command");
  EXPECT_EQ(code_of(R"({"t":"deleted","message_id":""})"), "invalid_command");
  EXPECT_EQ(code_of(R"({"t":"deleted","message_id":")" + std::string(129, 'x') + R"("})"), "invalid_command");
  EXPECT_EQ(code_of(R"({"t":"timeout","user_id":"u","until":"soon","streamer_id":"s"})"), "invalid_command");
  EXPECT_EQ(code_of(R"({"t":"timeout","user_id":"u","until":5})"), "invalid_command");
  EXPECT_EQ(code_of(R"({"t":"banned","user_id":"u"})"), "invalid_command");
  EXPECT_EQ(code_of(R"({"t":"mode","streamer_id":"s","updated_at":1,"chat_mode":{"slow_mode_seconds":601}})"),
            "invalid_command");
  EXPECT_EQ(code_of(R"({"t":"mode","streamer_id":"s","updated_at":1,"chat_mode":{"emote_only":1}})"),
            "invalid_command");
  EXPECT_EQ(code_of(R"({"t":"chat","line":{"message_id":"m"}})"), "invalid_command");
  EXPECT_EQ(code_of(R"({"t":"ended","duration":-5})"), "invalid_command");
  EXPECT_EQ(code_of(std::string(node::kMaxCommandBytes + 1, ' ')), "invalid_command");
  EXPECT_EQ(code_of(R"({"t":"chat","line":)" + std::string(20, '[') + std::string(20, ']') + "}"), "invalid_command");
}

struct RemoteFixture : test::ServiceFixture {
  domain::ChatService chat{*store, clock, {}};
  domain::ModerationService moderation{*store, clock};
  test::FakeRoomSink room;
  api::ModerationTargets targets{chat, moderation, room};
};

TEST(NodeCommand, ADecodedModerationCommandReachesTheRoomAsTheLocalActionDoes) {
  RemoteFixture f;
  auto owner = f.user("owner1");
  auto fan = f.user("fan1");
  f.moderation.load(owner.user_id);
  const auto text = R"({"t":"timeout","user_id":")" + fan.user_id + R"(","until":)" +
                    std::to_string(f.clock.now_ms() + 10'000) + R"(,"streamer_id":")" + owner.user_id + R"("})";
  auto cmd = node::decode(text);
  ASSERT_TRUE(cmd);
  EXPECT_TRUE(api::apply_command(f.targets, "s9", *cmd));
  ASSERT_EQ(f.room.sent().size(), 1u);
  EXPECT_EQ(f.room.sent()[0].stream_id, "s9");
  EXPECT_EQ(f.room.sent()[0].event, "user_timed_out");
  EXPECT_EQ(f.chat.accept(fan, "s9", "hi", "", false).error().code, "timed_out");

  // Counts, chat and the end are not moderation's: nothing reaches the room from apply_command.
  EXPECT_FALSE(api::apply_command(f.targets, "s9", *node::decode(R"({"t":"count","n":2})")));
  EXPECT_FALSE(api::apply_command(f.targets, "s9", *node::decode(R"({"t":"ended","duration":1})")));
  EXPECT_EQ(f.room.sent().size(), 1u);
}

}  // namespace
