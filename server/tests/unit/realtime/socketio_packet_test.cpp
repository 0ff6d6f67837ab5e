#include "realtime/socketio/packet.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace tc::realtime::socketio {
namespace {

TEST(SocketioPacket, DecodesNamespaceAckIdAndData) {
  auto p = decode(R"(2/custom,42["message",1,"2"])");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type, PacketType::event);
  EXPECT_EQ(p->nsp, "/custom");
  ASSERT_TRUE(p->id);
  EXPECT_EQ(*p->id, 42u);
  EXPECT_EQ(p->data->as_array().size(), 3u);
}

TEST(SocketioPacket, ConnectAcceptsATrailingCommaAndNoPayload) {
  auto a = decode("0/custom,");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->nsp, "/custom");
  EXPECT_FALSE(a->data);
  auto b = decode("0/custom");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->nsp, "/custom");
  auto c = decode(R"(0{"token":"x"})");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->nsp, "/");
}

TEST(SocketioPacket, RefusesPayloadsOfTheWrongShape) {
  EXPECT_FALSE(decode("7"));
  EXPECT_FALSE(decode("2{}"));                 // event payload must be an array
  EXPECT_FALSE(decode("2[]"));                 // with a name
  EXPECT_FALSE(decode(R"(2["disconnect"])"));  // reserved name
  EXPECT_FALSE(decode("0[]"));                 // connect payload must be an object
  EXPECT_FALSE(decode(R"(1{"a":1})"));         // disconnect has none
  EXPECT_FALSE(decode("3[1]"));                // ack without an id
  EXPECT_FALSE(decode("2abc[\"x\"]"));         // id is not digits → not JSON
  EXPECT_FALSE(decode("29007199254740992[\"x\"]"));  // id above 2^53 - 1
}

TEST(SocketioPacket, BinaryPacketsCarryAValidAttachmentCount) {
  auto p = decode(R"(52-["m",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->attachments, 2u);
  EXPECT_EQ(count_placeholders(*p->data), 2u);
  EXPECT_FALSE(decode(R"(51-["m",{"_placeholder":true,"num":1}])"));  // placeholder out of range
  EXPECT_FALSE(decode(R"(5["m"])"));                                  // no count
  EXPECT_FALSE(decode(R"(5999-["m"])"));                              // over the attachment limit
}

TEST(SocketioPacket, EncodesWithTheEngineIoPrefixAndJavaScriptNumbers) {
  const boost::json::value data = boost::json::parse(R"(["x",-1.5,3,1e21,0.1])");
  EXPECT_EQ(encode(PacketType::event, "/", std::nullopt, &data), R"(42["x",-1.5,3,1e+21,0.1])");
  EXPECT_EQ(encode(PacketType::ack, "/custom", 7, &data), R"(43/custom,7["x",-1.5,3,1e+21,0.1])");
  EXPECT_EQ(encode(PacketType::binary_event, "/", 1, &data, 2), R"(452-1["x",-1.5,3,1e+21,0.1])");
}

}  // namespace
}  // namespace tc::realtime::socketio
