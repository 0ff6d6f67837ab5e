#pragma once
// RFC 6455 framing for the server side: decoding the client's (masked, possibly fragmented) frames
// into messages and control frames, and encoding unmasked frame headers. Pure: fuzzed on its own
// (tests/fuzz/websocket_frame). No extensions are negotiated, so RSV bits must be zero.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tc::net {

enum class WsOpcode : uint8_t { continuation = 0, text = 1, binary = 2, close = 8, ping = 9, pong = 10 };

struct WsEvent {
  enum class Kind { message, ping, pong, close, error };
  Kind kind = Kind::message;
  bool binary = false;
  std::string payload;      // message data, ping/pong data, close reason
  uint16_t close_code = 0;  // close: the peer's code (1005 when none); error: the code to close with
};

class WsFrameDecoder {
 public:
  explicit WsFrameDecoder(size_t max_message) : max_message_(max_message) {}

  // Consumes `data`, appending what completed to `out`. After an error event, feed no more.
  void feed(std::string_view data, std::vector<WsEvent>& out);
  // Bytes held for an incomplete frame or message (memory accounting, tests).
  size_t buffered() const { return pending_.size() + message_.size(); }
  // Drops buffers grown by a large message.
  void shrink();

 private:
  bool parse_one(std::string_view& data, std::vector<WsEvent>& out);
  void fail(std::vector<WsEvent>& out, uint16_t code, const char* why);

  size_t max_message_;
  std::string pending_;  // an incomplete frame's bytes
  std::string message_;  // fragments of a message so far
  bool in_message_ = false;
  bool message_binary_ = false;
  bool failed_ = false;
};

// A close code a peer may put on the wire (RFC 6455 §7.4): others are answered 1002.
bool ws_close_code_valid(uint16_t code);

// Sec-WebSocket-Key is the base64 of 16 bytes (RFC 6455 §4.1): 24 characters ending in "==".
bool ws_client_key_valid(std::string_view key);

// Writes an unmasked frame header for `length` payload bytes into `out` (up to 10 bytes); returns its size.
size_t ws_frame_header(uint8_t* out, WsOpcode opcode, uint64_t length);

// Sec-WebSocket-Accept for a client's Sec-WebSocket-Key.
std::string ws_accept_key(std::string_view client_key);

}  // namespace tc::net
