#pragma once
// One apply_* per moderation action: what the change does on this node — the domain's memory (chat
// timeouts, the cached channel rules) and the event its room hears, whose payload is built here
// once. Both the local handler (moderation_events, after its write) and the same command arriving
// from another node (StreamingNamespace::on_command) call it. Memory only, non-blocking, any thread
// (the socket strand or the bus strand): the services are thread-safe.
#include <string>

#include "api/events/streaming/node_command.hpp"
#include "api/events/streaming/room_sink.hpp"
#include "domain/chat/chat_service.hpp"
#include "domain/moderation/moderation_service.hpp"

namespace tc::api {

struct ModerationTargets {
  domain::ChatService& chat;              // borrowed
  domain::ModerationService& moderation;  // borrowed
  RoomSink& room;                         // borrowed
};

// message_deleted {stream_id, message_id}
void apply_deleted(const ModerationTargets& t, const std::string& stream_id, const node::Deleted& c);
// user_timed_out {stream_id, user_id, until}
void apply_timeout(const ModerationTargets& t, const std::string& stream_id, const node::Timeout& c);
// user_banned {stream_id, user_id}
void apply_ban(const ModerationTargets& t, const std::string& stream_id, const node::Banned& c);
// user_unbanned {stream_id, user_id}; an earlier timeout on this node ends too
void apply_unban(const ModerationTargets& t, const std::string& stream_id, const node::Unbanned& c);
// chat_mode_changed {stream_id, chat_mode}
void apply_mode(const ModerationTargets& t, const std::string& stream_id, const node::Mode& c);

// A command from another node: the matching apply_* when it is a moderation command (true), else
// nothing (false: counts, chat and the stream's end are not moderation's).
bool apply_command(const ModerationTargets& t, const std::string& stream_id, const node::Command& command);

}  // namespace tc::api
