#pragma once
// What a stream's room on this node hears: the seam between the event parts and the Socket.IO
// namespace, so apply_* and the node-command handling run in unit tests against a recording fake.
#include <boost/json/array.hpp>

#include <string>
#include <string_view>

#include "api/events/streaming/room_names.hpp"
#include "realtime/socketio/namespace.hpp"

namespace tc::api {

class RoomSink {
 public:
  virtual ~RoomSink() = default;
  // Any thread: `event` to the members of the stream's room on this node (encoded once).
  virtual void to_room(const std::string& stream_id, std::string_view event, const boost::json::array& args) = 0;
};

// The real one: the /streaming namespace's room.
class NamespaceRoomSink final : public RoomSink {
 public:
  explicit NamespaceRoomSink(realtime::socketio::Namespace& nsp) : nsp_(nsp) {}
  void to_room(const std::string& stream_id, std::string_view event, const boost::json::array& args) override {
    nsp_.broadcast(stream_room(stream_id), event, args);
  }

 private:
  realtime::socketio::Namespace& nsp_;  // borrowed, outlives us
};

}  // namespace tc::api
