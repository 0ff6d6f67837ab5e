// Chat moderation on /streaming, by the streamer and the channel's appointed moderators: delete a
// message, time out, ban and unban, set the chat mode. Every change is broadcast to the stream's
// room here and told to the other nodes through the room relay (on_remote repeats it there).
#include <boost/asio/co_spawn.hpp>
#include <boost/json/array.hpp>

#include <optional>

#include "api/events/event_replies.hpp"
#include "api/json/moderation_json.hpp"
#include "api/events/streaming_namespace.hpp"
#include "api/events/streaming_socket_state.hpp"
#include "core/logging.hpp"

namespace tc::api {
namespace asio = boost::asio;
namespace json = boost::json;
using realtime::socketio::Event;
using realtime::socketio::Socket;

namespace {

auto log() {
  static auto l = core::logger("api.moderation");
  return l;
}

using StatePtr = std::shared_ptr<StreamingNamespace::SocketState>;

// Runs `work` (blocking, returns core::Result<R>) on the DB pool, then `done(result)` back on the
// socket's strand; errors (and a full pool) are the event's error reply.
template <class R, class Work, class Done>
asio::awaitable<void> db_then(core::BlockingPool* pool, std::shared_ptr<Socket> socket, Event event, Work work,
                              Done done) {
  std::optional<core::Result<R>> r;
  try {
    r.emplace(co_await pool->run([&] { return work(); }));
  } catch (const core::PoolFull&) {
    r.emplace(core::Error::busy());
  } catch (const std::exception& e) {
    log()->error("msg=\"moderation event failed\" socket={} event={} error=\"{}\"", socket->id(), event.name,
                 e.what());
    r.emplace(core::Error{core::ErrorKind::internal, "internal", "Internal server error"});
  }
  if (!*r) {
    reply_error(*socket, event, r->error());
    co_return;
  }
  done(event, **r);
}

template <class R, class Work, class Done>
void spawn_db(core::BlockingPool& pool, const std::shared_ptr<Socket>& socket, Event event, Work work, Done done) {
  asio::co_spawn(socket->strand(), db_then<R>(&pool, socket, std::move(event), std::move(work), std::move(done)),
                 [socket](std::exception_ptr e) {
                   if (e) log()->error("msg=\"moderation coroutine failed\" socket={}", socket->id());
                 });
}

}  // namespace

// The caller's rules for the joined stream's channel, if they may moderate it.
core::Result<domain::RulesPtr> StreamingNamespace::moderator_rules(const SocketState& state,
                                                                   const json::object& payload) {
  if (!state.who) return core::Error::unauthenticated("not_authenticated", "Sign in first");
  const auto* id = payload.if_contains("stream_id");
  if (state.stream_id.empty() || !id || !id->is_string() || id->get_string() != state.stream_id) {
    return core::Error::invalid("not_in_stream", "Join the stream first");
  }
  auto rules = moderation_ ? moderation_->cached(state.streamer_id) : nullptr;
  const bool streamer = state.who->user_id == state.streamer_id;
  if (!streamer && (!rules || domain::ModerationService::role(*rules, state.who->user_id) == domain::ChatRole::viewer)) {
    return core::Error{core::ErrorKind::forbidden, "not_moderator", "Only the streamer and their moderators moderate"};
  }
  if (!rules) {  // no moderation service wired (tests of other parts): the streamer alone
    auto r = std::make_shared<domain::ChannelRules>();
    r->streamer_id = state.streamer_id;
    rules = r;
  }
  return rules;
}

void StreamingNamespace::delete_message(const SocketPtr& socket, Event event) {
  auto state = std::any_cast<StatePtr>(socket->data());
  auto payload = event_object(event);
  if (!payload) return reply_error(*socket, event, payload.error());
  auto rules = moderator_rules(*state, **payload);
  if (!rules) return reply_error(*socket, event, rules.error());
  auto message_id = string_field(**payload, "message_id", 64);
  if (!message_id) return reply_error(*socket, event, message_id.error());
  // A moderator may not delete the streamer's or another moderator's line (known while it is recent).
  if (auto author = chat_.author_of(state->stream_id, *message_id); author && *author != state->who->user_id) {
    if (state->who->user_id != state->streamer_id &&
        domain::ModerationService::role(**rules, *author) != domain::ChatRole::viewer) {
      return reply_error(*socket, event,
                         core::Error{core::ErrorKind::forbidden, "cannot_moderate",
                                     "Moderators cannot delete the streamer's or another moderator's messages"});
    }
  }
  const std::string stream_id = state->stream_id;
  const std::string mid = *message_id;
  spawn_db<core::Unit>(
      ctx_.db_pool, socket, std::move(event),
      [this, stream_id, mid] { return chat_.remove(stream_id, mid); },
      [this, socket, stream_id, mid](const Event& event, core::Unit) {
        nsp_->broadcast(room(stream_id), "message_deleted",
                        json::array{json::object{{"stream_id", stream_id}, {"message_id", mid}}});
        relay_.tell_others(stream_id, json::object{{"t", "deleted"}, {"message_id", mid}});
        reply_ok(*socket, event, {{"message_id", mid}});
      });
}

void StreamingNamespace::timeout_or_ban(const SocketPtr& socket, Event event, bool ban) {
  auto state = std::any_cast<StatePtr>(socket->data());
  auto payload = event_object(event);
  if (!payload) return reply_error(*socket, event, payload.error());
  auto rules = moderator_rules(*state, **payload);
  if (!rules) return reply_error(*socket, event, rules.error());
  auto user_id = string_field(**payload, "user_id", 128);
  if (!user_id) return reply_error(*socket, event, user_id.error());
  if (auto ok = domain::ModerationService::can_act_on(**rules, state->who->user_id, *user_id); !ok) {
    return reply_error(*socket, event, ok.error());
  }
  std::optional<int64_t> until;
  if (!ban) {
    int64_t seconds = 300;
    if (const auto* s = (*payload)->if_contains("seconds")) {
      if (!s->is_int64() || s->get_int64() < 1 || s->get_int64() > 7 * 86'400) {
        return reply_error(*socket, event, core::Error::invalid("invalid_seconds", "seconds must be 1 to 604800"));
      }
      seconds = s->get_int64();
    }
    until = ctx_.clock.now_ms() + seconds * 1000;
  }
  const std::string stream_id = state->stream_id;
  const std::string streamer_id = state->streamer_id;
  const std::string actor = state->who->user_id;
  const std::string target = *user_id;
  spawn_db<core::Unit>(
      ctx_.db_pool, socket, std::move(event),
      [this, streamer_id, actor, target, until]() -> core::Status {
        if (!moderation_) return core::ok_status();
        return moderation_->ban(streamer_id, actor, target, until);
      },
      [this, socket, stream_id, streamer_id, target, until](const Event& event, core::Unit) {
        if (until) {
          chat_.time_out(stream_id, target, *until);
          nsp_->broadcast(room(stream_id), "user_timed_out",
                          json::array{json::object{{"stream_id", stream_id}, {"user_id", target}, {"until", *until}}});
          relay_.tell_others(stream_id, json::object{{"t", "timeout"}, {"user_id", target}, {"until", *until},
                                                     {"streamer_id", streamer_id}});
          reply_ok(*socket, event, {{"user_id", target}, {"until", *until}});
        } else {
          nsp_->broadcast(room(stream_id), "user_banned",
                          json::array{json::object{{"stream_id", stream_id}, {"user_id", target}}});
          relay_.tell_others(stream_id, json::object{{"t", "banned"}, {"user_id", target}, {"streamer_id", streamer_id}});
          reply_ok(*socket, event, {{"user_id", target}});
        }
      });
}

void StreamingNamespace::unban_user(const SocketPtr& socket, Event event) {
  auto state = std::any_cast<StatePtr>(socket->data());
  auto payload = event_object(event);
  if (!payload) return reply_error(*socket, event, payload.error());
  auto rules = moderator_rules(*state, **payload);
  if (!rules) return reply_error(*socket, event, rules.error());
  auto user_id = string_field(**payload, "user_id", 128);
  if (!user_id) return reply_error(*socket, event, user_id.error());
  const std::string stream_id = state->stream_id;
  const std::string streamer_id = state->streamer_id;
  const std::string target = *user_id;
  spawn_db<core::Unit>(
      ctx_.db_pool, socket, std::move(event),
      [this, streamer_id, target]() -> core::Status {
        if (!moderation_) return core::Error::not_found("ban_not_found", "This user is not banned here");
        return moderation_->unban(streamer_id, target);
      },
      [this, socket, stream_id, streamer_id, target](const Event& event, core::Unit) {
        chat_.time_out(stream_id, target, 0);  // an earlier timeout on this node ends too
        nsp_->broadcast(room(stream_id), "user_unbanned",
                        json::array{json::object{{"stream_id", stream_id}, {"user_id", target}}});
        relay_.tell_others(stream_id, json::object{{"t", "unbanned"}, {"user_id", target}, {"streamer_id", streamer_id}});
        reply_ok(*socket, event, {{"user_id", target}});
      });
}

void StreamingNamespace::set_chat_mode(const SocketPtr& socket, Event event) {
  auto state = std::any_cast<StatePtr>(socket->data());
  auto payload = event_object(event);
  if (!payload) return reply_error(*socket, event, payload.error());
  auto rules = moderator_rules(*state, **payload);
  if (!rules) return reply_error(*socket, event, rules.error());
  if (!moderation_) return reply_error(*socket, event, core::Error::invalid("unknown_event", "No chat modes here"));
  domain::ChatModeChange change;
  if (const auto* v = (*payload)->if_contains("slow_mode_seconds")) {
    if (!v->is_int64() || v->get_int64() < 0 || v->get_int64() > domain::kMaxSlowModeSeconds) {
      return reply_error(*socket, event, core::Error::invalid("invalid_slow_mode", "slow_mode_seconds must be 0 to 600"));
    }
    change.slow_mode_seconds = static_cast<int>(v->get_int64());
  }
  auto flag = [&](const char* name, std::optional<bool>& out) -> bool {
    const auto* v = (*payload)->if_contains(name);
    if (!v) return true;
    if (!v->is_bool()) return false;
    out = v->get_bool();
    return true;
  };
  if (!flag("followers_only", change.followers_only) || !flag("subscribers_only", change.subscribers_only) ||
      !flag("emote_only", change.emote_only)) {
    return reply_error(*socket, event,
                       core::Error::invalid("invalid_chat_mode", "followers_only, subscribers_only and emote_only are "
                                                                 "true or false"));
  }
  const std::string stream_id = state->stream_id;
  const std::string streamer_id = state->streamer_id;
  spawn_db<store::ChatModeRow>(
      ctx_.db_pool, socket, std::move(event),
      [this, streamer_id, change] { return moderation_->set_mode(streamer_id, change); },
      [this, socket, stream_id](const Event& event, const store::ChatModeRow& m) {
        nsp_->broadcast(room(stream_id), "chat_mode_changed",
                        json::array{json::object{{"stream_id", stream_id}, {"chat_mode", chat_mode_json(m)}}});
        relay_.tell_others(stream_id, json::object{{"t", "mode"},
                                                   {"streamer_id", m.streamer_id},
                                                   {"updated_at", m.updated_at},
                                                   {"chat_mode", chat_mode_json(m)}});
        reply_ok(*socket, event, {{"chat_mode", chat_mode_json(m)}});
      });
}

// Another node's ban, unban, timeout or mode change: enforce it here and tell this node's room.
bool StreamingNamespace::on_remote_moderation(const std::string& stream_id, std::string_view type,
                                              const json::object& msg) {
  const auto str = [&](const char* k) -> std::string {
    const auto* v = msg.if_contains(k);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  const std::string streamer_id = str("streamer_id");
  const std::string user_id = str("user_id");
  if (type == "banned" || type == "unbanned") {
    if (user_id.empty() || streamer_id.empty()) return true;
    if (moderation_) {
      if (type == "banned") moderation_->apply_ban(streamer_id, user_id, std::nullopt);
      else moderation_->apply_unban(streamer_id, user_id);
    }
    if (type == "unbanned") chat_.time_out(stream_id, user_id, 0);
    nsp_->broadcast(room(stream_id), type == "banned" ? "user_banned" : "user_unbanned",
                    json::array{json::object{{"stream_id", stream_id}, {"user_id", user_id}}});
    return true;
  }
  if (type == "mode") {
    const auto* m = msg.if_contains("chat_mode");
    const auto* at = msg.if_contains("updated_at");
    if (!m || !m->is_object() || !at || !at->is_int64() || streamer_id.empty()) return true;
    const auto& o = m->get_object();
    store::ChatModeRow row{streamer_id};
    const auto b = [&](const char* k) { return o.contains(k) && o.at(k).is_bool() && o.at(k).get_bool(); };
    const auto* slow = o.if_contains("slow_mode_seconds");
    row.slow_mode_seconds = slow && slow->is_int64() ? static_cast<int>(slow->get_int64()) : 0;
    row.followers_only = b("followers_only");
    row.subscribers_only = b("subscribers_only");
    row.emote_only = b("emote_only");
    row.updated_at = at->get_int64();
    if (moderation_) moderation_->apply_mode(row);
    nsp_->broadcast(room(stream_id), "chat_mode_changed",
                    json::array{json::object{{"stream_id", stream_id}, {"chat_mode", chat_mode_json(row)}}});
    return true;
  }
  return false;
}

}  // namespace tc::api
