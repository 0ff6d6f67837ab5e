#include "api/events/streaming/moderation_apply.hpp"

#include "api/json/moderation_json.hpp"

namespace tc::api {
namespace json = boost::json;

void apply_deleted(const ModerationTargets& t, const std::string& stream_id, const node::Deleted& c) {
  t.chat.forget_message(stream_id, c.message_id);
  t.room.to_room(stream_id, "message_deleted",
                 json::array{json::object{{"stream_id", stream_id}, {"message_id", c.message_id}}});
}

void apply_timeout(const ModerationTargets& t, const std::string& stream_id, const node::Timeout& c) {
  t.chat.time_out(stream_id, c.user_id, c.until);
  t.moderation.apply_ban(c.streamer_id, c.user_id, c.until);
  t.room.to_room(stream_id, "user_timed_out",
                 json::array{json::object{{"stream_id", stream_id}, {"user_id", c.user_id}, {"until", c.until}}});
}

void apply_ban(const ModerationTargets& t, const std::string& stream_id, const node::Banned& c) {
  t.moderation.apply_ban(c.streamer_id, c.user_id, std::nullopt);
  t.room.to_room(stream_id, "user_banned", json::array{json::object{{"stream_id", stream_id}, {"user_id", c.user_id}}});
}

void apply_unban(const ModerationTargets& t, const std::string& stream_id, const node::Unbanned& c) {
  t.chat.time_out(stream_id, c.user_id, 0);
  t.moderation.apply_unban(c.streamer_id, c.user_id);
  t.room.to_room(stream_id, "user_unbanned",
                 json::array{json::object{{"stream_id", stream_id}, {"user_id", c.user_id}}});
}

void apply_mode(const ModerationTargets& t, const std::string& stream_id, const node::Mode& c) {
  t.moderation.apply_mode(c.mode);
  t.room.to_room(stream_id, "chat_mode_changed",
                 json::array{json::object{{"stream_id", stream_id}, {"chat_mode", chat_mode_json(c.mode)}}});
}

bool apply_command(const ModerationTargets& t, const std::string& stream_id, const node::Command& command) {
  if (const auto* c = std::get_if<node::Deleted>(&command)) return apply_deleted(t, stream_id, *c), true;
  if (const auto* c = std::get_if<node::Timeout>(&command)) return apply_timeout(t, stream_id, *c), true;
  if (const auto* c = std::get_if<node::Banned>(&command)) return apply_ban(t, stream_id, *c), true;
  if (const auto* c = std::get_if<node::Unbanned>(&command)) return apply_unban(t, stream_id, *c), true;
  if (const auto* c = std::get_if<node::Mode>(&command)) return apply_mode(t, stream_id, *c), true;
  return false;
}

}  // namespace tc::api
