#pragma once
// The names of /streaming's rooms and of their topics on the event bus, owned here once.
#include <string>
#include <string_view>

namespace tc::api {

// A stream's viewers (join_stream puts a socket here; chat, counts, reactions, tips, media_state).
inline std::string stream_room(std::string_view stream_id) { return "stream:" + std::string(stream_id); }
// The live directory feed's watchers (watch_directory).
inline constexpr const char* kDirectoryRoom = "directory";

// Bus topics (room_relay): a stream's room is carried on a topic of the same name; any other room
// (the directory) on "room:<name>".
inline std::string stream_topic(std::string_view stream_id) { return stream_room(stream_id); }
inline std::string room_topic(std::string_view room) { return "room:" + std::string(room); }

}  // namespace tc::api
