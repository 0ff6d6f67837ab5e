#include "api/events/streaming/moderation_events.hpp"

#include "api/events/event_boundary.hpp"
#include "api/json/moderation_json.hpp"

namespace tc::api {
namespace json = boost::json;
using realtime::socketio::Event;

core::Result<ModerationEvents::Request> ModerationEvents::moderator_request(const SocketState& state,
                                                                            const Event& event) {
  auto object = event_object(event);
  if (!object) return object.error();
  const auto& payload = **object;
  if (!state.who) return core::Error::unauthenticated("not_authenticated", "Sign in first");
  const auto* id = payload.if_contains("stream_id");
  if (state.stream_id.empty() || !id || !id->is_string() || id->get_string() != state.stream_id) {
    return core::Error::invalid("not_in_stream", "Join the stream first");
  }
  auto rules = targets_.moderation.cached(state.streamer_id);
  const bool streamer = state.who->user_id == state.streamer_id;
  if (!streamer &&
      (!rules || domain::ModerationService::role(*rules, state.who->user_id) == domain::ChatRole::viewer)) {
    return core::Error{core::ErrorKind::forbidden, "not_moderator", "Only the streamer and their moderators moderate"};
  }
  if (!rules) {  // not cached (evicted since the join): the streamer alone, as the rules would say
    auto r = std::make_shared<domain::ChannelRules>();
    r->streamer_id = state.streamer_id;
    rules = r;
  }
  return Request{&payload, std::move(rules), {}};
}

core::Result<ModerationEvents::Request> ModerationEvents::moderator_request(const SocketState& state,
                                                                            const Event& event, std::string_view target,
                                                                            size_t max_bytes) {
  auto act = moderator_request(state, event);
  if (!act) return act;
  auto id = string_field(*act->payload, target, max_bytes);
  if (!id) return id.error();
  act->target = std::move(*id);
  return act;
}

void ModerationEvents::delete_message(const SocketPtr& socket, Event event) {
  auto& state = state_of(*socket);
  auto act = moderator_request(state, event, "message_id", 64);
  if (!act) return reply_error(*socket, event, act.error());
  const auto& message_id = act->target;
  // A moderator may not delete the streamer's or another moderator's line (known while it is recent).
  if (auto author = targets_.chat.author_of(state.stream_id, message_id); author && *author != state.who->user_id) {
    if (state.who->user_id != state.streamer_id &&
        domain::ModerationService::role(*act->rules, *author) != domain::ChatRole::viewer) {
      return reply_error(*socket, event,
                         core::Error{core::ErrorKind::forbidden, "cannot_moderate",
                                     "Moderators cannot delete the streamer's or another moderator's messages"});
    }
  }
  node::Deleted cmd{message_id};
  run_on_pool<core::Unit>(
      ctx_.db_pool, socket, std::move(event),
      [this, stream_id = state.stream_id, cmd] { return targets_.chat.remove(stream_id, cmd.message_id); },
      [this, socket, stream_id = state.stream_id, cmd](const Event& event, core::Unit) {
        apply_deleted(targets_, stream_id, cmd);
        relay_.tell_others(stream_id, cmd);
        reply_ok(*socket, event, {{"message_id", cmd.message_id}});
      });
}

void ModerationEvents::timeout_or_ban(const SocketPtr& socket, Event event, bool ban) {
  auto& state = state_of(*socket);
  auto act = moderator_request(state, event, "user_id", 128);
  if (!act) return reply_error(*socket, event, act.error());
  const auto& payload = *act->payload;
  const auto& user_id = act->target;
  if (auto ok = domain::ModerationService::can_act_on(*act->rules, state.who->user_id, user_id); !ok) {
    return reply_error(*socket, event, ok.error());
  }
  std::optional<int64_t> until;
  if (!ban) {
    int64_t seconds = kDefaultTimeoutSeconds;
    if (const auto* s = payload.if_contains("seconds")) {
      if (!s->is_int64() || s->get_int64() < 1 || s->get_int64() > kMaxTimeoutSeconds) {
        return reply_error(*socket, event, core::Error::invalid("invalid_seconds", "seconds must be 1 to 604800"));
      }
      seconds = s->get_int64();
    }
    until = ctx_.clock.now_ms() + seconds * 1000;
  }
  run_on_pool<core::Unit>(
      ctx_.db_pool, socket, std::move(event),
      [this, streamer_id = state.streamer_id, actor = state.who->user_id, target = user_id, until] {
        return targets_.moderation.ban(streamer_id, actor, target, until);
      },
      [this, socket, stream_id = state.stream_id, streamer_id = state.streamer_id, target = user_id,
       until](const Event& event, core::Unit) {
        if (until) {
          node::Timeout cmd{target, *until, streamer_id};
          apply_timeout(targets_, stream_id, cmd);
          relay_.tell_others(stream_id, cmd);
          reply_ok(*socket, event, {{"user_id", target}, {"until", *until}});
        } else {
          node::Banned cmd{target, streamer_id};
          apply_ban(targets_, stream_id, cmd);
          relay_.tell_others(stream_id, cmd);
          reply_ok(*socket, event, {{"user_id", target}});
        }
      });
}

void ModerationEvents::unban_user(const SocketPtr& socket, Event event) {
  auto& state = state_of(*socket);
  auto act = moderator_request(state, event, "user_id", 128);
  if (!act) return reply_error(*socket, event, act.error());
  node::Unbanned cmd{act->target, state.streamer_id};
  run_on_pool<core::Unit>(
      ctx_.db_pool, socket, std::move(event),
      [this, cmd] { return targets_.moderation.unban(cmd.streamer_id, cmd.user_id); },
      [this, socket, stream_id = state.stream_id, cmd](const Event& event, core::Unit) {
        apply_unban(targets_, stream_id, cmd);
        relay_.tell_others(stream_id, cmd);
        reply_ok(*socket, event, {{"user_id", cmd.user_id}});
      });
}

void ModerationEvents::set_chat_mode(const SocketPtr& socket, Event event) {
  auto& state = state_of(*socket);
  auto act = moderator_request(state, event);
  if (!act) return reply_error(*socket, event, act.error());
  const auto& payload = *act->payload;
  domain::ChatModeChange change;
  if (const auto* v = payload.if_contains("slow_mode_seconds")) {
    if (!v->is_int64() || v->get_int64() < 0 || v->get_int64() > domain::kMaxSlowModeSeconds) {
      return reply_error(*socket, event,
                         core::Error::invalid("invalid_slow_mode", "slow_mode_seconds must be 0 to 600"));
    }
    change.slow_mode_seconds = static_cast<int>(v->get_int64());
  }
  auto flag = [&](const char* name, std::optional<bool>& out) -> bool {
    const auto* v = payload.if_contains(name);
    if (!v) return true;
    if (!v->is_bool()) return false;
    out = v->get_bool();
    return true;
  };
  if (!flag("followers_only", change.followers_only) || !flag("subscribers_only", change.subscribers_only) ||
      !flag("emote_only", change.emote_only)) {
    return reply_error(*socket, event,
                       core::Error::invalid("invalid_chat_mode",
                                            "followers_only, subscribers_only and emote_only are true or false"));
  }
  run_on_pool<store::ChatModeRow>(
      ctx_.db_pool, socket, std::move(event),
      [this, streamer_id = state.streamer_id, change] { return targets_.moderation.set_mode(streamer_id, change); },
      [this, socket, stream_id = state.stream_id](const Event& event, const store::ChatModeRow& m) {
        node::Mode cmd{m};
        apply_mode(targets_, stream_id, cmd);
        relay_.tell_others(stream_id, cmd);
        reply_ok(*socket, event, {{"chat_mode", chat_mode_json(m)}});
      });
}

}  // namespace tc::api
