#pragma once
// The commands one node sends the others about a stream's room (the 'C' frames of room_relay.hpp):
// typed, with encode() and decode(). decode() is the only place a command from the bus is checked;
// whatever it returns is well-formed (ids present and bounded, counts and times in range), so the
// handlers act on it without looking again. Pure: no I/O, no threads (fuzzed by
// server/tests/fuzz/node_command/).
//
// The wire format is a JSON object whose `t` names the command:
//   count    {n, sync?}                     this node's viewer count; sync asks the others for theirs
//   chat     {line}                         a chat line (the chat_message payload, with its badge)
//   deleted  {message_id}                   a message removed by a moderator
//   timeout  {user_id, until, streamer_id}  a timeout until `until` (epoch ms)
//   banned   {user_id, streamer_id}         a ban
//   unbanned {user_id, streamer_id}         a ban or timeout lifted
//   mode     {streamer_id, updated_at, chat_mode}   the channel's chat mode
//   ended    {duration}                     the stream ended (seconds live)
#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "core/error.hpp"
#include "store/moderation_store.hpp"
#include "store/rows.hpp"

namespace tc::api::node {

inline constexpr size_t kMaxCommandBytes = 64 * 1024;  // a chat line with its longest message fits
inline constexpr size_t kMaxIdBytes = 128;             // user, message and streamer ids
inline constexpr int64_t kMaxViewerCount = 100'000'000;

struct Count {
  int n = 0;
  bool sync = false;
};
struct Chat {
  boost::json::object line;  // what the room hears, as the sending node built it
  store::MessageRow row;     // the same line for this node's recent-messages cache (stream_id unset)
};
struct Deleted {
  std::string message_id;
};
struct Timeout {
  std::string user_id;
  int64_t until = 0;
  std::string streamer_id;
};
struct Banned {
  std::string user_id;
  std::string streamer_id;
};
struct Unbanned {
  std::string user_id;
  std::string streamer_id;
};
struct Mode {
  store::ChatModeRow mode;  // streamer_id and updated_at included
};
struct Ended {
  int64_t duration = 0;
};

using Command = std::variant<Count, Chat, Deleted, Timeout, Banned, Unbanned, Mode, Ended>;

// Checked fields of a message from the bus (here and in release_wire): a present, non-empty string of
// at most `max` bytes; an integer in [min, max]. Errors: invalid_command naming the field.
core::Result<std::string> id_field(const boost::json::object& o, const char* key, size_t max = kMaxIdBytes);
core::Result<int64_t> int_field(const boost::json::object& o, const char* key, int64_t min, int64_t max);

// The JSON text of a command (without the relay's 'C').
std::string encode(const Command& command);
// A command from its JSON text. Errors (invalid): invalid_command with what is wrong; an unknown `t`
// is unknown_command, so a newer node's command is recognisable in the log of an older one.
core::Result<Command> decode(std::string_view text);
// The command's `t`, for logs.
const char* name(const Command& command);

}  // namespace tc::api::node
