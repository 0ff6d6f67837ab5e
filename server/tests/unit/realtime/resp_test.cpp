// RESP2 through hiredis's reader and formatter: replies split anywhere across reads, binary-safe
// payloads, Pub/Sub pushes, protocol errors, and the redis:// URL rules (IPs only).
#include <gtest/gtest.h>

#include "realtime/bus/resp.hpp"

using namespace tc::realtime::bus;

TEST(Resp, CommandIsBinarySafe) {
  const std::string payload("a\0b\r\nc", 6);
  using namespace std::string_literals;
  EXPECT_EQ(resp_command({"PUBLISH", "tc:stream:1", payload}),
            "*3\r\n$7\r\nPUBLISH\r\n$11\r\ntc:stream:1\r\n$6\r\na\0b\r\nc\r\n"s);
}

TEST(Resp, RepliesSplitAcrossReadsComeOutWhole) {
  const std::string bytes = "*3\r\n$7\r\nmessage\r\n$4\r\nchan\r\n$5\r\nhello\r\n:7\r\n+OK\r\n-ERR nope\r\n";
  RespReader r;
  std::vector<RespValue> got;
  for (char c : bytes) {  // one byte at a time: the worst split a socket can produce
    r.feed(std::string_view(&c, 1));
    while (auto v = r.next()) got.push_back(std::move(*v));
  }
  ASSERT_EQ(got.size(), 4u);
  auto push = as_pubsub(std::move(got[0]));
  ASSERT_TRUE(push);
  EXPECT_EQ(push->kind, "message");
  EXPECT_EQ(push->channel, "chan");
  EXPECT_EQ(push->payload, "hello");
  EXPECT_EQ(got[1].type, RespValue::Type::integer);
  EXPECT_EQ(got[1].integer, 7);
  EXPECT_EQ(got[2].type, RespValue::Type::status);
  EXPECT_EQ(got[2].str, "OK");
  EXPECT_EQ(got[3].type, RespValue::Type::error);
  EXPECT_EQ(got[3].str, "ERR nope");
}

TEST(Resp, SubscribeConfirmationAndOtherArrays) {
  RespReader r;
  r.feed(
      "*3\r\n$9\r\nsubscribe\r\n$3\r\nabc\r\n:1\r\n*2\r\n$1\r\nx\r\n$1\r\ny\r\n*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$-"
      "1\r\n");
  auto sub = as_pubsub(std::move(*r.next()));
  ASSERT_TRUE(sub);
  EXPECT_EQ(sub->kind, "subscribe");
  EXPECT_EQ(sub->channel, "abc");
  EXPECT_FALSE(as_pubsub(std::move(*r.next())));  // not three elements
  EXPECT_FALSE(as_pubsub(std::move(*r.next())));  // a message without a string payload
  EXPECT_FALSE(r.next());
}

TEST(Resp, GarbageIsAProtocolError) {
  RespReader r;
  r.feed("?what\r\n");
  EXPECT_THROW(r.next(), RespError);
}

// hiredis would allocate the element table from the announced count (16 GiB here) before any element.
TEST(Resp, AnArrayAnnouncingTooManyElementsIsAProtocolErrorBeforeAnyAllocation) {
  RespReader r;
  r.feed("*2147483647\r\n");
  EXPECT_THROW(r.next(), RespError);
  RespReader ok;
  ok.feed("*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\np\r\n");
  auto v = ok.next();
  ASSERT_TRUE(v);
  EXPECT_EQ(v->elements.size(), 3u);
}

TEST(Resp, RedisUrl) {
  auto a = parse_redis_url("redis://127.0.0.1:6380");
  EXPECT_EQ(a.ip, "127.0.0.1");
  EXPECT_EQ(a.port, 6380);
  EXPECT_EQ(parse_redis_url("redis://10.0.0.5").port, 6379);
  EXPECT_EQ(parse_redis_url("redis://localhost:6379/").ip, "127.0.0.1");
  auto v6 = parse_redis_url("redis://[::1]:7000");
  EXPECT_EQ(v6.ip, "::1");
  EXPECT_EQ(v6.port, 7000);
  EXPECT_THROW(parse_redis_url("redis://redis.internal:6379"), std::invalid_argument);  // would block on DNS
  EXPECT_THROW(parse_redis_url("http://127.0.0.1:6379"), std::invalid_argument);
  EXPECT_THROW(parse_redis_url("redis://127.0.0.1:0"), std::invalid_argument);
  EXPECT_THROW(parse_redis_url("redis://127.0.0.1:"), std::invalid_argument);
  EXPECT_THROW(parse_redis_url("redis://127.0.0.1:99999"), std::invalid_argument);
  EXPECT_THROW(parse_redis_url("redis://user:pw@127.0.0.1:6379"), std::invalid_argument);
}
