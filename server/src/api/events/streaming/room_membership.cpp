#include "api/events/streaming/room_membership.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/json/array.hpp>

#include "api/events/event_boundary.hpp"
#include "api/events/streaming/chat_events.hpp"
#include "api/events/streaming/room_names.hpp"
#include "api/json/moderation_json.hpp"
#include "api/json/stream_json.hpp"

namespace tc::api {
namespace asio = boost::asio;
namespace json = boost::json;
using realtime::socketio::Event;

RoomMembership::RoomMembership(ApiContext& ctx, domain::ChatService& chat, domain::ViewerTracker& viewers,
                               domain::ModerationService& moderation, domain::SubscriptionService& subscriptions,
                               RoomRelay& relay, TierRelease& release, realtime::socketio::Namespace& nsp)
    : ctx_(ctx),
      chat_(chat),
      viewers_(viewers),
      moderation_(moderation),
      subscriptions_(subscriptions),
      relay_(relay),
      release_(release),
      nsp_(nsp) {}

void RoomMembership::join(const SocketPtr& socket, Event event) {
  auto& state = state_of(*socket);
  auto payload = event_object(event);
  if (!payload) return reply_error(*socket, event, payload.error());
  auto stream_id = string_field(**payload, "stream_id", kMaxStreamId);
  if (!stream_id) return reply_error(*socket, event, stream_id.error());
  enqueue(socket, state, {std::move(event), std::move(*stream_id)});
}

void RoomMembership::leave(const SocketPtr& socket, Event event) {
  auto& state = state_of(*socket);
  if (state.room_op_running) return enqueue(socket, state, {std::move(event), {}});
  leave_now(socket, state);
  reply_ok(*socket, event);
}

void RoomMembership::gone(const SocketPtr& socket) {
  auto& state = state_of(*socket);
  state.room_ops.clear();
  leave_now(socket, state);
}

void RoomMembership::enqueue(const SocketPtr& socket, SocketState& state, SocketState::RoomOp op) {
  if (state.room_ops.size() >= kMaxQueued) {
    core::Error e{core::ErrorKind::rate_limited, "too_many_joins",
                  "Too many join_stream / leave_stream waiting; wait for their answers", 1};
    return reply_error(*socket, op.event, e);
  }
  state.room_ops.push_back(std::move(op));
  if (state.room_op_running) return;
  state.room_op_running = true;
  detail::spawn_on_strand(socket, run_ops(socket));
}

asio::awaitable<void> RoomMembership::run_ops(SocketPtr socket) {
  auto& state = state_of(*socket);
  while (!state.room_ops.empty() && socket->connected()) {
    auto op = std::move(state.room_ops.front());
    state.room_ops.pop_front();
    if (!op.stream_id.empty()) {
      co_await join_one(socket, std::move(op));
      continue;
    }
    leave_now(socket, state);
    reply_ok(*socket, op.event);
  }
  state.room_op_running = false;
}

asio::awaitable<void> RoomMembership::join_one(const SocketPtr& socket, SocketState::RoomOp op) {
  auto& state = state_of(*socket);
  struct Loaded {
    store::StreamRow stream;
    std::vector<store::MessageRow> recent;
    std::optional<std::string> tier;
    domain::RulesPtr rules;
  };
  const auto who = state.who;
  const std::string& id = op.stream_id;
  auto work = [&]() -> core::Result<Loaded> {
    auto stream = live_stream(id);
    if (!stream) return stream.error();
    Loaded l{std::move(*stream), chat_.recent(id), std::nullopt, nullptr};
    l.rules = moderation_.load(l.stream.streamer_id);
    if (who) l.tier = subscriptions_.badge_for(who->user_id, l.stream.streamer_id);
    // ALERT lines stored before this cache was loaded: only those released to the joiner's tier.
    if (ctx_.alerts) ctx_.alerts->drop_unreleased(who, l.stream.streamer_id, l.recent);
    return l;
  };
  auto loaded = co_await value_or_answer<Loaded>(ctx_.db_pool, *socket, op.event, work);
  // Back on the socket's strand. A socket that went has left already; there is no one to answer.
  if (!loaded || !socket->connected()) co_return;
  std::string failure;
  try {
    const auto& stream = loaded->stream;
    if (state.stream_id != id) {
      leave_now(socket, state);
      state.stream_id = id;
      state.streamer_id = stream.streamer_id;
      enter_room(socket, id);
      viewers_.join(id, state.viewer_key(socket->id()));
    }
    state.tier = loaded->tier;
    const int count = viewers_.count(id);
    json::array recent;
    for (const auto& m : loaded->recent) recent.push_back(chat_line(m, stream.streamer_id));
    auto stream_obj = stream_json(stream);
    stream_obj["viewer_count"] = count;
    // The chat mode in force and what the caller may do here (the UI shows moderation tools to the
    // streamer and moderators, and whether this viewer is banned).
    json::object you{{"role", "viewer"}, {"banned", false}};
    store::ChatModeRow mode{stream.streamer_id};
    if (loaded->rules) {
      mode = loaded->rules->mode;
      if (who) {
        you["role"] = domain::role_name(domain::ModerationService::role(*loaded->rules, who->user_id));
        const auto b = loaded->rules->bans.find(who->user_id);
        if (b != loaded->rules->bans.end()) {
          if (!b->second) you["banned"] = true;
          else if (*b->second > ctx_.clock.now_ms()) you["timed_out_until"] = *b->second;
        }
      }
    }
    socket->emit("joined_stream", json::array{json::object{
                                      {"stream", std::move(stream_obj)},
                                      {"viewer_count", count},
                                      {"recent_messages", std::move(recent)},
                                      {"chat_mode", chat_mode_json(mode)},
                                      {"you", std::move(you)},
                                  }});
    reply_ok(*socket, op.event, {{"stream_id", id}, {"viewer_count", count}});
    co_return;
  } catch (const std::exception& e) {
    failure = e.what();
  }
  reply_internal(*socket, op.event, failure);
}

void RoomMembership::leave_now(const SocketPtr& socket, SocketState& state) {
  if (!state.ended_stream_id.empty()) {
    exit_room(socket, state.ended_stream_id);
    state.ended_stream_id.clear();
  }
  if (state.stream_id.empty()) return;
  exit_room(socket, state.stream_id);
  viewers_.leave(state.stream_id, state.viewer_key(socket->id()));
  state.stream_id.clear();
  state.streamer_id.clear();
}

void RoomMembership::enter_room(const SocketPtr& socket, const std::string& stream_id) {
  socket->join(stream_room(stream_id));
  relay_.acquire(stream_id);
  const auto& who = state_of(*socket).who;
  release_.enter(stream_id, socket, who ? std::optional<std::string>(who->user_id) : std::nullopt);
}

void RoomMembership::exit_room(const SocketPtr& socket, const std::string& stream_id) {
  socket->leave(stream_room(stream_id));
  release_.leave(stream_id, *socket);
  // No longer listening: other nodes' counts for this stream would go stale here.
  if (relay_.release(stream_id)) viewers_.forget_remote(stream_id);
}

void RoomMembership::forget_stream(const std::string& stream_id) {
  std::lock_guard lock(cache_mutex_);
  cache_.erase(stream_id);
}

void RoomMembership::members_ended(const std::string& stream_id) {
  for (auto& s : nsp_.room_members(stream_room(stream_id))) {
    asio::dispatch(s->strand(), [s, stream_id] {
      auto* p = std::any_cast<std::shared_ptr<SocketState>>(&s->data());
      if (!p || !*p || (*p)->stream_id != stream_id) return;
      // Nothing more to send or count here; the room itself is left on the socket's next move.
      (*p)->ended_stream_id = stream_id;
      (*p)->stream_id.clear();
      (*p)->streamer_id.clear();
    });
  }
}

core::Result<store::StreamRow> RoomMembership::live_stream(const std::string& stream_id) {
  const auto now = ctx_.clock.now_ms();
  {
    std::lock_guard lock(cache_mutex_);
    const auto it = cache_.find(stream_id);
    if (it != cache_.end() && now - it->second.fetched_at < kStreamCacheMs) return it->second.row;
  }
  auto row = ctx_.store.streams().get(stream_id);
  if (!row) return core::Error::not_found("stream_not_found", "No such stream");
  if (row->status != "LIVE") return core::Error::conflict("stream_not_live", "This stream is not live");
  std::lock_guard lock(cache_mutex_);
  if (cache_.size() > kMaxCachedStreams) cache_.clear();  // refilled on demand
  cache_[stream_id] = {*row, now};
  return *row;
}

}  // namespace tc::api
