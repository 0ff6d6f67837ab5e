#pragma once
// RESP2, the Redis wire format, through hiredis 0.14's reader and command formatter (no I/O here:
// RedisConnection owns the socket). Pure and unit-tested (tests/unit/realtime/resp_test.cpp).
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct redisReader;

namespace tc::realtime::bus {

struct RespError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct RespValue {
  enum class Type { string, array, integer, nil, status, error };
  Type type = Type::nil;
  std::string str;                  // string, status, error
  long long integer = 0;            // integer
  std::vector<RespValue> elements;  // array
};

// Accumulates bytes from the server and hands out complete replies in order.
class RespReader {
 public:
  RespReader();
  ~RespReader();
  RespReader(const RespReader&) = delete;
  RespReader& operator=(const RespReader&) = delete;

  // Throws RespError when the bytes are not RESP (the connection is then unusable).
  void feed(std::string_view bytes);
  // The next complete reply, or nullopt until more bytes arrive. Throws RespError on a protocol error.
  std::optional<RespValue> next();

 private:
  redisReader* reader_;       // owned
  int refused_elements_ = 0;  // an over-long array's announced count, for the error message
};

// One command ("PUBLISH", channel, payload) as RESP, binary-safe.
std::string resp_command(const std::vector<std::string_view>& args);

// A Pub/Sub push ("message", channel, payload) or confirmation ("subscribe"/"unsubscribe", channel, n).
struct PubSubReply {
  std::string kind;  // message, subscribe, unsubscribe (anything else: nullopt below)
  std::string channel;
  std::string payload;  // message only
};
std::optional<PubSubReply> as_pubsub(RespValue&& v);

// "redis://IP[:PORT]" (port 6379 by default; "localhost" is 127.0.0.1). A host name is refused:
// resolving it would block an I/O thread. Throws std::invalid_argument with the reason.
struct RedisAddress {
  std::string ip;
  uint16_t port = 6379;
};
RedisAddress parse_redis_url(std::string_view url);

}  // namespace tc::realtime::bus
