#pragma once
// Engine.IO v4 packets and HTTP long-polling payloads. Pure functions: no I/O, fuzzed on their own
// (tests/fuzz/engineio_payload).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tc::realtime::engineio {

enum class PacketType : char {
  open = '0',
  close = '1',
  ping = '2',
  pong = '3',
  message = '4',
  upgrade = '5',
  noop = '6',
};

struct Packet {
  PacketType type = PacketType::message;
  std::string data;     // without the type character; raw bytes when binary
  bool binary = false;  // only message packets are binary
};

// Decodes a packet as received in a WebSocket frame: text frames carry "<type><data>", binary frames
// are binary message packets. nullopt: not a valid packet.
std::optional<Packet> decode_frame(std::string_view frame, bool binary_frame);

// Decodes an HTTP long-polling body: packets separated by \x1e, binary ones as "b<base64>".
// nullopt: malformed, or more than `max_packets` packets.
std::optional<std::vector<Packet>> decode_payload(std::string_view body, size_t max_packets);

// One packet as it goes into a polling payload ("b" + base64 for binary).
void append_to_payload(std::string& payload, std::string_view encoded, bool binary);

// "<type><data>" for text packets.
std::string encode_text(PacketType type, std::string_view data = {});

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace tc::realtime::engineio
