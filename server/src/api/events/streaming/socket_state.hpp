#pragma once
// What one /streaming connection is. Created by authorize_async(), kept in the socket's data(), and touched
// only on the socket's strand (the parts' handlers run there; pool work comes back there first).
#include <cassert>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "api/events/event_replies.hpp"
#include "domain/accounts/identity.hpp"
#include "realtime/socketio/namespace.hpp"

namespace tc::api {

struct SocketState {
  std::optional<domain::Identity> who;  // from the token on CONNECT; none = anonymous viewer
  std::string stream_id;                // joined stream; empty when none
  std::string streamer_id;              // of the joined stream
  std::optional<std::string> tier;      // subscriber tier on the joined stream's channel (chat badge)
  // A stream that ended while joined: the socket stays in its room (the media plane's last events,
  // such as media_state offline, still reach it) until it joins another stream, leaves or goes.
  std::string ended_stream_id;

  // join_stream / leave_stream take effect one at a time in the order they came (room_membership):
  // the one running, and those waiting behind it (bounded by RoomMembership::kMaxQueued).
  struct RoomOp {
    realtime::socketio::Event event;
    std::string stream_id;  // empty: leave
  };
  bool room_op_running = false;
  std::deque<RoomOp> room_ops;

  std::string viewer_key(const std::string& socket_id) const { return who ? who->user_id : "anon:" + socket_id; }
};

using SocketPtr = std::shared_ptr<realtime::socketio::Socket>;

// The socket's state. Socket strand.
inline SocketState& state_of(realtime::socketio::Socket& socket) {
  assert(socket.strand().running_in_this_thread());
  return *std::any_cast<std::shared_ptr<SocketState>&>(socket.data());
}

inline constexpr size_t kMaxStreamId = 64;

// The payload of an event about the stream this socket has joined: an object whose stream_id is it.
inline core::Result<const boost::json::object*> joined_payload(const realtime::socketio::Event& event,
                                                               const SocketState& state, const char* refusal) {
  auto payload = event_object(event);
  if (!payload) return payload.error();
  auto stream_id = string_field(**payload, "stream_id", kMaxStreamId);
  if (!stream_id) return stream_id.error();
  if (*stream_id != state.stream_id) return core::Error::invalid("not_in_stream", refusal);
  return *payload;
}

}  // namespace tc::api
