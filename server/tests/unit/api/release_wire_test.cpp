// The release engines' bus messages: a timed event and a pass report survive the round trip, and
// every malformed one is refused (unknown tier, delay out of range, ids missing or too long).
#include "api/events/streaming/release_wire.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace tc::api {
namespace {
namespace json = boost::json;

TimedEvent sample() {
  TimedEvent e;
  e.stream_id = "st1";
  e.streamer_id = "u1";
  e.subject = "al1";
  e.seq = 7;
  e.event = "alert";
  e.posted_at_ms = 1'800'000'000'000;
  e.tiers = {{"PREMIUM", 0, json::array{json::object{{"released_at", 1}}}},
             {"FREE", 60'000, json::array{json::object{{"released_at", 2}}}}};
  e.streamer_args = json::array{json::object{{"released_at", 0}}};
  e.chat_line = json::object{{"message_type", "ALERT"}, {"alert_id", "al1"}};
  return e;
}

TEST(ReleaseWire, ATimedEventRoundTrips) {
  const auto text = release_wire::encode(sample());
  ASSERT_EQ(text[0], 'P');
  auto back = release_wire::decode_event(std::string_view(text).substr(1));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->subject, "al1");
  EXPECT_EQ(back->seq, 7);
  ASSERT_EQ(back->tiers.size(), 2u);
  EXPECT_EQ(back->tiers[1].tier, "FREE");
  EXPECT_EQ(back->due_at(1), 1'800'000'060'000);
  EXPECT_EQ(json::serialize(back->tiers[1].args), R"([{"released_at":2}])");
  EXPECT_EQ(json::serialize(back->streamer_args), R"([{"released_at":0}])");
  ASSERT_TRUE(back->chat_line);
  EXPECT_EQ(back->chat_line->at("alert_id"), "al1");
  // An update has no chat line.
  auto update = sample();
  update.chat_line.reset();
  EXPECT_FALSE(release_wire::decode_event(release_wire::encode(update).substr(1))->chat_line);
}

TEST(ReleaseWire, APassRoundTrips) {
  const release_wire::Pass p{"al1", 7, "BASIC", {"node1", 1'800'000'000'001, 42, 10, 30, 20}};
  const auto text = release_wire::encode(p);
  ASSERT_EQ(text[0], 'D');
  auto back = release_wire::decode_pass(std::string_view(text).substr(1));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->tier, "BASIC");
  EXPECT_EQ(back->pass.node, "node1");
  EXPECT_EQ(back->pass.sockets, 42);
  EXPECT_EQ(back->pass.spread_us, 20);
}

TEST(ReleaseWire, RefusesWhatIsMalformed) {
  const auto mutate = [](auto fn) {
    auto o = json::parse(release_wire::encode(sample()).substr(1)).as_object();
    fn(o);
    return release_wire::decode_event(json::serialize(o));
  };
  EXPECT_FALSE(mutate([](json::object& o) { o["tiers"].as_array()[0].as_object()["tier"] = "GOLD"; }));
  EXPECT_FALSE(mutate([](json::object& o) { o["tiers"].as_array()[1].as_object()["delay_ms"] = 900'001; }));
  EXPECT_FALSE(mutate([](json::object& o) { o["tiers"].as_array()[1].as_object()["delay_ms"] = -1; }));
  EXPECT_FALSE(mutate([](json::object& o) { o["tiers"].as_array()[1].as_object()["tier"] = "PREMIUM"; }));
  EXPECT_FALSE(mutate([](json::object& o) { o["tiers"] = json::array{}; }));
  EXPECT_FALSE(mutate([](json::object& o) { o["event"] = "chat_message"; }));
  EXPECT_FALSE(mutate([](json::object& o) { o["subject"] = std::string(129, 'a'); }));
  EXPECT_FALSE(mutate([](json::object& o) { o.erase("stream_id"); }));
  EXPECT_FALSE(mutate([](json::object& o) { o["posted_at"] = "soon"; }));
  EXPECT_FALSE(mutate([](json::object& o) { o["chat_line"] = "a line"; }));
  EXPECT_FALSE(release_wire::decode_event("not json"));
  EXPECT_FALSE(release_wire::decode_event(std::string(release_wire::kMaxMessageBytes + 1, ' ')));
  EXPECT_FALSE(release_wire::decode_pass(R"({"subject":"a","seq":1,"tier":"FREE","node":"n","released_at":1,)"
                                         R"("sockets":1,"first_us":5,"last_us":4,"spread_us":0})"))
      << "last before first";
  // check() is what publish() applies to events built on this node.
  auto e = sample();
  EXPECT_TRUE(release_wire::check(e));
  e.tiers[0].delay_ms = 900'001;
  EXPECT_FALSE(release_wire::check(e));
}

}  // namespace
}  // namespace tc::api
