#pragma once
// Socket.IO v5 packets: "<type>[<attachments>-][/<nsp>,][<ack id>][<JSON>]". Pure functions, fuzzed
// on their own (tests/fuzz/socketio_packet). Binary attachments stay as placeholders
// {"_placeholder":true,"num":N} in the JSON, with the bytes alongside.
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tc::realtime::socketio {

enum class PacketType : int {
  connect = 0,
  disconnect = 1,
  event = 2,
  ack = 3,
  connect_error = 4,
  binary_event = 5,
  binary_ack = 6,
};

struct Limits {
  size_t max_attachments = 10;
  uint64_t max_ack_id = (uint64_t{1} << 53) - 1;  // what a JavaScript number holds exactly
  size_t max_nsp_length = 128;
};

struct Packet {
  PacketType type = PacketType::event;
  std::string nsp = "/";
  std::optional<uint64_t> id;
  std::optional<boost::json::value> data;  // absent when the packet carries none
  size_t attachments = 0;                  // binary packets: how many binary messages follow
};

// nullopt: malformed (bad type, namespace, id, JSON, or a payload of the wrong shape for its type).
std::optional<Packet> decode(std::string_view text, const Limits& limits = {});

// Encodes with the Engine.IO message prefix "4", ready to send as one text packet.
std::string encode(PacketType type, std::string_view nsp, std::optional<uint64_t> id,
                   const boost::json::value* data, size_t attachments = 0);

// Appends `v` as JSON text the way JavaScript writes it (numbers included).
void append_json(std::string& out, const boost::json::value& v);

// The placeholders in `v`, checked against `attachments`: false when one is malformed or out of range.
bool placeholders_valid(const boost::json::value& v, size_t attachments);
// How many placeholders `v` holds (for echoing a binary packet with its attachments).
size_t count_placeholders(const boost::json::value& v);

}  // namespace tc::realtime::socketio
