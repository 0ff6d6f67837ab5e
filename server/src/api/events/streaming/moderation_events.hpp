#pragma once
// Chat moderation on /streaming by the streamer and the channel's appointed moderators:
// delete_message, timeout_user, ban_user, unban_user, set_chat_mode. Each checks who may act on
// whom, writes on the DB pool through the event boundary, then applies the change here (apply_*:
// the domain's memory and the room's event) and tells the other nodes the same command, which they
// apply with the same function.
//
// Threads: handlers on the socket's strand; writes on the DB pool; the apply back on the strand.
#include "api/context/api_context.hpp"
#include "api/events/streaming/moderation_apply.hpp"
#include "api/events/streaming/room_relay.hpp"
#include "api/events/streaming/socket_state.hpp"

namespace tc::api {

class ModerationEvents {
 public:
  static constexpr int64_t kDefaultTimeoutSeconds = 300;
  static constexpr int64_t kMaxTimeoutSeconds = 7 * 86'400;

  ModerationEvents(ApiContext& ctx, const ModerationTargets& targets, RoomRelay& relay)
      : ctx_(ctx), targets_(targets), relay_(relay) {}

  // Socket strand.
  void delete_message(const SocketPtr& socket, realtime::socketio::Event event);
  void timeout_or_ban(const SocketPtr& socket, realtime::socketio::Event event, bool ban);
  void unban_user(const SocketPtr& socket, realtime::socketio::Event event);
  void set_chat_mode(const SocketPtr& socket, realtime::socketio::Event event);

 private:
  // A moderation event's payload (an object about the joined stream) and the caller's rules for its
  // channel, if they may moderate it.
  struct Request {
    const boost::json::object* payload;  // inside the event
    domain::RulesPtr rules;
    std::string target;  // the id field named by the action (message_id, user_id), when it names one
  };
  core::Result<Request> moderator_request(const SocketState& state, const realtime::socketio::Event& event);
  // moderator_request(), then the string field `target` (at most `max_bytes`) the action is about.
  core::Result<Request> moderator_request(const SocketState& state, const realtime::socketio::Event& event,
                                          std::string_view target, size_t max_bytes);

  ApiContext& ctx_;            // borrowed, outlives us
  ModerationTargets targets_;  // references, borrowed
  RoomRelay& relay_;           // borrowed
};

}  // namespace tc::api
