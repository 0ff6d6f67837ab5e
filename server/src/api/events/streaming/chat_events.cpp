#include "api/events/streaming/chat_events.hpp"

#include <boost/json/array.hpp>

#include "api/events/streaming/viewer_ticker.hpp"
#include "api/json/stream_json.hpp"
#include "core/module_logger.hpp"
#include "core/text.hpp"

namespace tc::api {
namespace json = boost::json;
using realtime::socketio::Event;

namespace {
const core::ModuleLogger log("api.events.chat");
}  // namespace

json::object chat_line(const store::MessageRow& m, const std::string& streamer_id) {
  auto o = message_json(m);
  o["badge"] = m.user_id == streamer_id ? json::value("streamer") : json::value(nullptr);
  return o;
}

ChatEvents::ChatEvents(ApiContext& ctx, domain::ChatService& chat, domain::ModerationService& moderation,
                       RoomRelay& relay, ViewerTicker& ticker)
    : ctx_(ctx),
      chat_(chat),
      moderation_(moderation),
      relay_(relay),
      ticker_(ticker),
      reaction_limiter_(ctx.clock, core::RateSpec{20, 10'000}) {}

void ChatEvents::send_message(const SocketPtr& socket, const Event& event) {
  auto& state = state_of(*socket);
  if (!state.who) {
    return reply_error(*socket, event,
                       core::Error::unauthenticated("not_authenticated",
                                                    "Sign in to chat; anonymous viewers can read"));
  }
  auto payload = joined_payload(event, state, "Join the stream before chatting");
  if (!payload) return reply_error(*socket, event, payload.error());
  const auto* text = (*payload)->if_contains("message");
  if (!text || !text->is_string()) {
    return reply_error(*socket, event, core::Error::invalid("invalid_message", "message must be a string"));
  }
  auto type = string_field(**payload, "message_type", 16, false);
  if (!type) return reply_error(*socket, event, type.error());
  auto role = state.who->user_id == state.streamer_id ? domain::ChatRole::streamer : domain::ChatRole::viewer;
  auto rules = chat_rules(state.streamer_id);
  if (rules) {
    role = domain::ModerationService::role(*rules, state.who->user_id);
    // Bans, timeouts, chat modes and blocked terms; a refused message is not echoed to anyone.
    if (auto ok = moderation_.check_message(*rules, state.who->user_id, state.tier, text->get_string()); !ok) {
      return reply_error(*socket, event, ok.error());
    }
  }
  const bool privileged = role != domain::ChatRole::viewer;
  auto accepted = chat_.accept(*state.who, state.stream_id, text->get_string(), *type, privileged);
  if (!accepted) return reply_error(*socket, event, accepted.error());
  if (rules) moderation_.sent(state.streamer_id, state.who->user_id);
  auto line = chat_line(*accepted, state.streamer_id);
  if (role == domain::ChatRole::moderator) line["badge"] = "moderator";
  // The subscriber tier as of the join (FREE = follower; the UI hides it), unless a streamer badge.
  if (state.tier && line["badge"].is_null()) line["badge"] = *state.tier;
  if (state.tier && role == domain::ChatRole::moderator) line["badges"] = json::array{"moderator", *state.tier};
  relay_.chat_message(state.stream_id, line);
  reply_ok(*socket, event, {{"message_id", accepted->message_id}});
}

void ChatEvents::send_reaction(const SocketPtr& socket, const Event& event) {
  auto& state = state_of(*socket);
  auto payload = joined_payload(event, state, "Join the stream before reacting");
  if (!payload) return reply_error(*socket, event, payload.error());
  auto emoji = string_field(**payload, "emoji", kMaxEmojiBytes);
  if (!emoji) return reply_error(*socket, event, emoji.error());
  const auto chars = core::utf8_length(*emoji);
  if (!chars || *chars == 0 || *chars > 8 || core::has_control_chars(*emoji)) {
    return reply_error(*socket, event, core::Error::invalid("invalid_emoji", "emoji must be one emoji"));
  }
  if (const auto d = reaction_limiter_.acquire(socket->id()); !d.allowed) {
    return reply_error(*socket, event, core::Error::rate_limited(static_cast<int>((d.retry_after_ms + 999) / 1000)));
  }
  ticker_.add_reaction(state.stream_id, *emoji);
  reply_ok(*socket, event);
}

domain::RulesPtr ChatEvents::chat_rules(const std::string& streamer_id) {
  bool stale = false;
  auto rules = moderation_.cached(streamer_id, &stale);
  if (rules && !stale) return rules;
  {
    std::lock_guard lock(reload_mutex_);
    if (reloading_.size() > kMaxReloading || !reloading_.insert(streamer_id).second) return rules;
  }
  ctx_.db_pool.post([this, streamer_id] {
    try {
      moderation_.load(streamer_id);
    } catch (const std::exception& e) {
      log()->warn("msg=\"chat rules reload failed\" streamer={} error=\"{}\"", streamer_id, e.what());
    }
    std::lock_guard lock(reload_mutex_);
    reloading_.erase(streamer_id);
  });
  return rules;
}

}  // namespace tc::api
