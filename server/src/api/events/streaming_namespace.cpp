#include "api/events/streaming_namespace.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "api/events/directory_feed.hpp"
#include "api/events/event_replies.hpp"
#include "api/events/streaming_socket_state.hpp"
#include "api/json/moderation_json.hpp"
#include "api/events/tip_events.hpp"
#include "api/json/stream_json.hpp"
#include "core/logging.hpp"
#include "core/text.hpp"
#include "domain/subscriptions/subscription_service.hpp"

namespace tc::api {
namespace asio = boost::asio;
namespace json = boost::json;
using realtime::socketio::Event;
using realtime::socketio::Socket;

namespace {

constexpr auto kTick = std::chrono::milliseconds(250);  // counts and reactions reach rooms at most 4x/s
constexpr int kPersistEveryTicks = 2;                   // watch sessions and counts written every 500 ms
constexpr int64_t kStreamCacheMs = 5'000;               // a LIVE stream's row serves joins this long
constexpr size_t kMaxStreamId = 64;
constexpr size_t kMaxEmojiBytes = 32;
constexpr size_t kMaxSignalBytes = 64 * 1024;
constexpr int kRepeatCountsTicks = 16;  // this node's viewer counts go to the other nodes again every 4 s
                                         // (they expire after ViewerTracker::kRemoteTtlMs = 12 s)

auto log() {
  static auto l = core::logger("api.events");
  return l;
}

// The chat line with its sender's badge: the one known here is the streamer's; subscriber tiers are
// added by send_message from the sender's state.
json::object chat_line(const store::MessageRow& m, const std::string& streamer_id) {
  auto o = message_json(m);
  o["badge"] = m.user_id == streamer_id ? json::value("streamer") : json::value(nullptr);
  return o;
}

}  // namespace


namespace {
using StatePtr = std::shared_ptr<StreamingNamespace::SocketState>;

// The payload of an event about the stream this socket has joined: an object whose stream_id is it.
core::Result<const json::object*> joined_payload(const Event& event, const StreamingNamespace::SocketState& state,
                                                 const char* refusal) {
  auto payload = event_object(event);
  if (!payload) return payload.error();
  auto stream_id = string_field(**payload, "stream_id", kMaxStreamId);
  if (!stream_id) return stream_id.error();
  if (*stream_id != state.stream_id) return core::Error::invalid("not_in_stream", refusal);
  return *payload;
}
}

StreamingNamespace::StreamingNamespace(asio::io_context& ioc, ApiContext& ctx, domain::ChatService& chat,
                                       domain::ViewerTracker& viewers, RoomRelay& relay)
    : ioc_(ioc),
      ctx_(ctx),
      chat_(chat),
      viewers_(viewers),
      relay_(relay),
      reaction_limiter_(ctx.clock, core::RateSpec{20, 10'000}),
      signal_limiter_(ctx.clock, core::RateSpec{200, 10'000}),
      samples_written_(ctx.metrics.counter("tradecast_viewer_samples_written_total",
                                           "Viewer-count samples written (viewers over time)")),
      sampling_failed_(ctx.metrics.counter("tradecast_viewer_sampling_failures_total",
                                           "Viewer sampling passes that failed (the next interval retries)")),
      strand_(asio::make_strand(ioc)),
      ticker_(strand_) {}

StreamingNamespace::~StreamingNamespace() = default;

// ---- connection --------------------------------------------------------------------------------

std::optional<json::object> StreamingNamespace::authorize(Socket& socket, const json::value& auth) {
  auto state = std::make_shared<SocketState>();
  std::string token;
  if (const auto* o = auth.if_object()) {
    if (const auto* t = o->if_contains("token"); t && t->is_string()) token = std::string(t->get_string());
  }
  if (token.empty()) {
    for (const auto& [k, v] : socket.handshake().headers) {
      if (k == "authorization" && v.size() > 7 && (v.starts_with("Bearer ") || v.starts_with("bearer "))) {
        token = v.substr(7);
      }
    }
  }
  if (!token.empty()) {
    auto who = ctx_.tokens.verify(token);
    if (!who) {
      return json::object{{"message", who.error().message},
                          {"data", json::object{{"code", who.error().code}}}};
    }
    state->who = std::move(*who);
  }
  socket.data() = StatePtr(std::move(state));
  return std::nullopt;
}

void StreamingNamespace::on_connect(const SocketPtr&, const json::value&) {}

void StreamingNamespace::on_disconnect(const SocketPtr& socket, std::string_view) {
  auto* state = std::any_cast<StatePtr>(&socket->data());
  if (state && *state) leave_stream(socket, **state);
}

void StreamingNamespace::on_event(const SocketPtr& socket, Event event) {
  try {
    if (event.name == "join_stream") return join_stream(socket, std::move(event));
    if (event.name == "leave_stream") {
      leave_stream(socket, *std::any_cast<StatePtr>(socket->data()));
      return reply_ok(*socket, event);
    }
    if (event.name == "watch_directory" || event.name == "unwatch_directory") {
      // The directory feed's room (stream_started / stream_ended / directory_update); idempotent.
      if (event.name == "watch_directory") {
        socket->join(DirectoryFeed::kRoom);
      } else {
        socket->leave(DirectoryFeed::kRoom);
      }
      return reply_ok(*socket, event);
    }
    if (event.name == "send_message") return send_message(socket, event);
    if (event.name == "send_reaction") return send_reaction(socket, event);
    if (event.name == "delete_message") return delete_message(socket, std::move(event));
    if (event.name == "timeout_user") return timeout_or_ban(socket, std::move(event), false);
    if (event.name == "ban_user") return timeout_or_ban(socket, std::move(event), true);
    if (event.name == "unban_user") return unban_user(socket, std::move(event));
    if (event.name == "set_chat_mode") return set_chat_mode(socket, std::move(event));
    if (event.name == "send_tip" && tips_) {
      return tips_->send_tip(socket, std::move(event), std::any_cast<StatePtr>(socket->data())->who);
    }
    if (event.name == "webrtc_offer" || event.name == "webrtc_answer" || event.name == "webrtc_ice_candidate") {
      return relay_signal(socket, event);
    }
    reply_error(*socket, event, core::Error::invalid("unknown_event", "No such event: " + event.name));
  } catch (const std::exception& e) {
    log()->error("msg=\"event failed\" socket={} event={} error=\"{}\"", socket->id(), event.name, e.what());
    reply_error(*socket, event, {core::ErrorKind::internal, "internal", "Internal server error"});
  }
}

// ---- join / leave ------------------------------------------------------------------------------

void StreamingNamespace::join_stream(const SocketPtr& socket, Event event) {
  auto payload = event_object(event);
  if (!payload) return reply_error(*socket, event, payload.error());
  auto stream_id = string_field(**payload, "stream_id", kMaxStreamId);
  if (!stream_id) return reply_error(*socket, event, stream_id.error());
  auto self = this;
  asio::co_spawn(socket->strand(), join_stream_async(socket, std::move(event), std::move(*stream_id)),
                 [self, socket](std::exception_ptr e) {
                   if (!e) return;
                   try {
                     std::rethrow_exception(e);
                   } catch (const std::exception& ex) {
                     log()->error("msg=\"join failed\" socket={} error=\"{}\"", socket->id(), ex.what());
                   }
                 });
}

asio::awaitable<void> StreamingNamespace::join_stream_async(SocketPtr socket, Event event, std::string stream_id) {
  auto state = std::any_cast<StatePtr>(socket->data());
  const uint64_t seq = ++state->join_seq;
  struct Loaded {
    core::Result<store::StreamRow> stream = core::Error::not_found("stream_not_found", "No such stream");
    std::vector<store::MessageRow> recent;
    std::optional<std::string> tier;
    domain::RulesPtr rules;
  };
  Loaded loaded;
  try {
    loaded = co_await ctx_.db_pool.run([&] {
      Loaded l;
      l.stream = live_stream(stream_id);
      if (l.stream) l.recent = chat_.recent(stream_id);
      if (l.stream && moderation_) l.rules = moderation_->load(l.stream->streamer_id);
      if (l.stream && subscriptions_ && state->who) {
        l.tier = subscriptions_->badge_for(state->who->user_id, l.stream->streamer_id);
      }
      return l;
    });
  } catch (const core::PoolFull&) {
    reply_error(*socket, event, core::Error::busy());
    co_return;
  }
  // Back on the socket's strand.
  if (!socket->connected() || state->join_seq != seq) co_return;
  if (!loaded.stream) {
    reply_error(*socket, event, loaded.stream.error());
    co_return;
  }
  const auto& stream = *loaded.stream;
  if (state->stream_id != stream_id) {
    leave_stream(socket, *state);
    state->join_seq = seq;  // leave_stream bumped it; this join is still the newest
    state->stream_id = stream_id;
    state->streamer_id = stream.streamer_id;
    enter_room(socket, stream_id);
    viewers_.join(stream_id, state->who ? state->who->user_id : "anon:" + socket->id());
  }
  state->tier = loaded.tier;
  const int count = viewers_.count(stream_id);
  json::array recent;
  for (const auto& m : loaded.recent) recent.push_back(chat_line(m, stream.streamer_id));
  auto stream_obj = stream_json(stream);
  stream_obj["viewer_count"] = count;
  // The chat mode in force and what the caller may do here (the UI shows moderation tools to
  // the streamer and moderators, and whether this viewer is banned).
  json::object you{{"role", "viewer"}, {"banned", false}};
  store::ChatModeRow mode{stream.streamer_id};
  if (loaded.rules) {
    mode = loaded.rules->mode;
    if (state->who) {
      you["role"] = domain::role_name(domain::ModerationService::role(*loaded.rules, state->who->user_id));
      const auto b = loaded.rules->bans.find(state->who->user_id);
      if (b != loaded.rules->bans.end()) {
        if (!b->second) you["banned"] = true;
        else if (*b->second > ctx_.clock.now_ms()) you["timed_out_until"] = *b->second;
      }
    }
  } else if (state->who && state->who->user_id == stream.streamer_id) {
    you["role"] = "streamer";
  }
  socket->emit("joined_stream", json::array{json::object{
                                    {"stream", std::move(stream_obj)},
                                    {"viewer_count", count},
                                    {"recent_messages", std::move(recent)},
                                    {"chat_mode", chat_mode_json(mode)},
                                    {"you", std::move(you)},
                                }});
  reply_ok(*socket, event, {{"stream_id", stream_id}, {"viewer_count", count}});
}

void StreamingNamespace::leave_stream(const SocketPtr& socket, SocketState& state) {
  ++state.join_seq;
  if (!state.ended_stream_id.empty()) {
    exit_room(socket, state.ended_stream_id);
    state.ended_stream_id.clear();
  }
  if (state.stream_id.empty()) return;
  exit_room(socket, state.stream_id);
  viewers_.leave(state.stream_id, state.who ? state.who->user_id : "anon:" + socket->id());
  state.stream_id.clear();
  state.streamer_id.clear();
}

void StreamingNamespace::enter_room(const SocketPtr& socket, const std::string& stream_id) {
  socket->join(room(stream_id));
  relay_.acquire(stream_id);
}

void StreamingNamespace::exit_room(const SocketPtr& socket, const std::string& stream_id) {
  socket->leave(room(stream_id));
  // No longer listening: other nodes' counts for this stream would go stale here.
  if (relay_.release(stream_id)) viewers_.forget_remote(stream_id);
}

domain::RulesPtr StreamingNamespace::chat_rules(const std::string& streamer_id) {
  if (!moderation_) return nullptr;
  bool stale = false;
  auto rules = moderation_->cached(streamer_id, &stale);
  if (rules && !stale) return rules;
  {
    std::lock_guard lock(mutex_);
    if (reloading_rules_.size() > 10'000 || !reloading_rules_.emplace(streamer_id, true).second) return rules;
  }
  ctx_.db_pool.post([this, streamer_id] {
    try {
      moderation_->load(streamer_id);
    } catch (const std::exception& e) {
      log()->warn("msg=\"chat rules reload failed\" streamer={} error=\"{}\"", streamer_id, e.what());
    }
    std::lock_guard lock(mutex_);
    reloading_rules_.erase(streamer_id);
  });
  return rules;
}

core::Result<store::StreamRow> StreamingNamespace::live_stream(const std::string& stream_id) {
  const auto now = ctx_.clock.now_ms();
  {
    std::lock_guard lock(mutex_);
    const auto it = stream_cache_.find(stream_id);
    if (it != stream_cache_.end() && now - it->second.fetched_at < kStreamCacheMs) return it->second.row;
  }
  auto row = ctx_.store.streams().get(stream_id);
  if (!row) return core::Error::not_found("stream_not_found", "No such stream");
  if (row->status != "LIVE") return core::Error::conflict("stream_not_live", "This stream is not live");
  std::lock_guard lock(mutex_);
  if (stream_cache_.size() > 10'000) stream_cache_.clear();  // bounded; refilled on demand
  stream_cache_[stream_id] = {*row, now};
  return *row;
}

// ---- chat, reactions, signalling -----------------------------------------------------------------

void StreamingNamespace::send_message(const SocketPtr& socket, const Event& event) {
  auto& state = *std::any_cast<StatePtr>(socket->data());
  if (!state.who) {
    return reply_error(*socket, event,
                       core::Error::unauthenticated("not_authenticated", "Sign in to chat; anonymous viewers can read"));
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
    if (auto ok = moderation_->check_message(*rules, state.who->user_id, state.tier, text->get_string()); !ok) {
      return reply_error(*socket, event, ok.error());
    }
  }
  const bool privileged = role != domain::ChatRole::viewer;
  auto accepted = chat_.accept(*state.who, state.stream_id, text->get_string(), *type, privileged);
  if (!accepted) return reply_error(*socket, event, accepted.error());
  if (rules) moderation_->sent(state.streamer_id, state.who->user_id);
  auto line = chat_line(*accepted, state.streamer_id);
  if (role == domain::ChatRole::moderator) line["badge"] = "moderator";
  // The subscriber tier as of the join (FREE = follower; the UI hides it), unless a streamer badge.
  if (state.tier && line["badge"].is_null()) line["badge"] = *state.tier;
  if (state.tier && role == domain::ChatRole::moderator) line["badges"] = json::array{"moderator", *state.tier};
  relay_.chat_message(state.stream_id, line);
  reply_ok(*socket, event, {{"message_id", accepted->message_id}});
}

void StreamingNamespace::send_reaction(const SocketPtr& socket, const Event& event) {
  auto& state = *std::any_cast<StatePtr>(socket->data());
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
  {
    std::lock_guard lock(mutex_);
    ++reactions_[state.stream_id][*emoji];
  }
  reply_ok(*socket, event);
}

void StreamingNamespace::relay_signal(const SocketPtr& socket, const Event& event) {
  auto& state = *std::any_cast<StatePtr>(socket->data());
  auto payload = joined_payload(event, state, "Join the stream first");
  if (!payload) return reply_error(*socket, event, payload.error());
  if (json::serialize(**payload).size() > kMaxSignalBytes) {
    return reply_error(*socket, event, core::Error::invalid("payload_too_large", "Signalling message is too large"));
  }
  if (const auto d = signal_limiter_.acquire(socket->id()); !d.allowed) {
    return reply_error(*socket, event, core::Error::rate_limited(static_cast<int>((d.retry_after_ms + 999) / 1000)));
  }
  json::object out = **payload;
  out["from"] = socket->id();  // who to answer; never what the client claims
  if (state.who) {
    out["user_id"] = state.who->user_id;
    out["username"] = state.who->username;
  } else {
    out.erase("user_id");
    out.erase("username");
  }
  auto to = string_field(**payload, "to", 64, false);
  if (!to) return reply_error(*socket, event, to.error());
  if (!to->empty()) {
    auto target = nsp_->find(*to);
    if (!target) return reply_error(*socket, event, core::Error::not_found("peer_not_found", "No such peer"));
    target->emit(event.name, json::array{std::move(out)});
  } else {
    nsp_->broadcast(room(state.stream_id), event.name, json::array{std::move(out)}, false, socket.get());
  }
  reply_ok(*socket, event);
}

// ---- stream end ---------------------------------------------------------------------------------

void StreamingNamespace::on_stream_ended(const store::StreamRow& stream) {
  // Called on the thread that ended it (a DB worker): everything else happens on the I/O threads.
  const auto duration = stream.duration_seconds.value_or(0);
  relay_.tell_others(stream.stream_id, json::object{{"t", "ended"}, {"duration", duration}});
  asio::post(strand_, [this, id = stream.stream_id, duration,
                       ended_at = stream.ended_at.value_or(ctx_.clock.now_ms())] {
    if (sampler_) {
      // The last point of the series: who was still watching at the end. Written by the node that
      // ended the stream only (the count is the sum over nodes when it serves the room).
      ctx_.db_pool.post([this, id, viewers = viewers_.count(id), at = ended_at] {
        try {
          sampler_->final_sample(id, viewers, at);
        } catch (const std::exception& e) {
          log()->warn("msg=\"final viewer sample failed\" stream={} error=\"{}\"", id, e.what());
        }
      });
    }
    end_locally(id, duration);
  });
}

void StreamingNamespace::end_locally(const std::string& id, int64_t duration) {
  {
    std::lock_guard lock(mutex_);
    stream_cache_.erase(id);
    reactions_.erase(id);
  }
  nsp_->broadcast(room(id), "stream_ended", json::array{json::object{{"stream_id", id}, {"duration", duration}}});
  for (auto& s : nsp_->room_members(room(id))) {
    asio::dispatch(s->strand(), [this, s, id] {
      auto* state = std::any_cast<StatePtr>(&s->data());
      if (!state || !*state || (*state)->stream_id != id) return;
      // Nothing more to send or count here; the room itself is left on the socket's next move.
      (*state)->ended_stream_id = id;
      (*state)->stream_id.clear();
      (*state)->streamer_id.clear();
    });
  }
  pending_counts_[id] = {0, viewers_.peak(id)};
  unsent_counts_.erase(id);
  last_count_sent_.erase(id);
  viewers_.end_stream(id);
  chat_.forget(id);
}

// ---- other nodes --------------------------------------------------------------------------------

void StreamingNamespace::on_remote(const std::string& stream_id, std::string_view origin, const json::object& msg) {
  const auto* t = msg.if_contains("t");
  if (!t || !t->is_string()) return;
  const auto& type = t->get_string();
  if (type == "count") {
    const auto* n = msg.if_contains("n");
    if (!n || !n->is_int64() || n->get_int64() < 0 || n->get_int64() > 100'000'000) return;
    viewers_.set_remote(stream_id, std::string(origin), static_cast<int>(n->get_int64()));
    // A node that just started listening asks for everyone's count; answer with ours.
    if (const auto* sync = msg.if_contains("sync"); sync && sync->is_bool() && sync->get_bool()) {
      if (const int mine = viewers_.local_count(stream_id); mine > 0) tell_count(stream_id, mine);
    }
  } else if (type == "deleted") {
    const auto* id = msg.if_contains("message_id");
    if (!id || !id->is_string()) return;
    const std::string message_id(id->get_string());
    chat_.forget_message(stream_id, message_id);
    nsp_->broadcast(room(stream_id), "message_deleted",
                    json::array{json::object{{"stream_id", stream_id}, {"message_id", message_id}}});
  } else if (type == "timeout") {
    const auto* user = msg.if_contains("user_id");
    const auto* until = msg.if_contains("until");
    if (!user || !user->is_string() || !until || !until->is_int64()) return;
    const std::string user_id(user->get_string());
    chat_.time_out(stream_id, user_id, until->get_int64());
    if (const auto* sid = msg.if_contains("streamer_id"); moderation_ && sid && sid->is_string()) {
      moderation_->apply_ban(std::string(sid->get_string()), user_id, until->get_int64());
    }
    nsp_->broadcast(room(stream_id), "user_timed_out",
                    json::array{json::object{{"stream_id", stream_id}, {"user_id", user_id}, {"until", *until}}});
  } else if (on_remote_moderation(stream_id, type, msg)) {
    return;
  } else if (type == "ended") {
    const auto* d = msg.if_contains("duration");
    const int64_t duration = d && d->is_int64() ? d->get_int64() : 0;
    asio::post(strand_, [this, id = stream_id, duration] { end_locally(id, duration); });
  }
}

void StreamingNamespace::on_room_ready(const std::string& stream_id) {
  tell_count(stream_id, viewers_.local_count(stream_id), /*sync=*/true);
}

void StreamingNamespace::tell_count(const std::string& stream_id, int count, bool sync) {
  json::object msg{{"t", "count"}, {"n", count}};
  if (sync) msg["sync"] = true;
  relay_.tell_others(stream_id, msg);
}

// ---- periodic work ------------------------------------------------------------------------------

void StreamingNamespace::start() {
  // Watch sessions left open by a previous run (crash, kill -9) end now. Not with several nodes: the
  // open sessions are the other nodes' viewers (a crashed node's stay open; docs/realtime.md).
  if (!relay_.spans_nodes()) {
    const int closed = ctx_.store.viewers().close_open("", ctx_.clock.now_ms());
    if (closed > 0) log()->info("msg=\"closed watch sessions left open\" count={}", closed);
  }
  asio::dispatch(strand_, [this] { tick(); });
}

void StreamingNamespace::stop() {
  stopped_ = true;
  asio::post(strand_, [this] { ticker_.cancel(); });
}

void StreamingNamespace::tick() {
  if (stopped_) return;
  // A count update goes to the whole room, so big rooms get fewer of them: every tick up to 1,000
  // viewers, then one interval more per 1,000 (a 20,000-viewer room: one update every ~5 s), keeping
  // count sends per second roughly flat while a room fills.
  const auto now = ctx_.clock.now_ms();
  const bool nodes = relay_.spans_nodes();
  if (nodes) viewers_.expire_remote();
  for (auto& c : viewers_.take_changes()) {
    if (nodes && c.local_changed) tell_count(c.stream_id, c.local_count);
    pending_counts_[c.stream_id] = {c.viewer_count, c.peak_viewers};
    if (directory_) directory_->changed(c.stream_id);
    unsent_counts_[c.stream_id] = std::move(c);
  }
  if (nodes && tick_count_ % kRepeatCountsTicks == 0) {
    for (const auto& [stream_id, n] : viewers_.local_counts()) tell_count(stream_id, n);
  }
  for (auto it = unsent_counts_.begin(); it != unsent_counts_.end();) {
    const auto& c = it->second;
    auto& last = last_count_sent_[c.stream_id];
    const int64_t interval = kTick.count() * (1 + c.viewer_count / 1000);
    if (now - last < interval) {
      ++it;
      continue;
    }
    last = now;
    nsp_->broadcast(room(c.stream_id), c.grew ? "viewer_joined" : "viewer_left",
                    json::array{json::object{{"stream_id", c.stream_id}, {"viewer_count", c.viewer_count}}},
                    /*droppable=*/true);
    if (c.viewer_count == 0) last_count_sent_.erase(c.stream_id);
    it = unsent_counts_.erase(it);
  }
  std::map<std::string, std::map<std::string, int>> reactions;
  {
    std::lock_guard lock(mutex_);
    reactions.swap(reactions_);
  }
  for (const auto& [stream_id, by_emoji] : reactions) {
    for (const auto& [emoji, count] : by_emoji) {
      relay_.broadcast(stream_id, "reaction",
                       json::array{json::object{{"stream_id", stream_id}, {"emoji", emoji}, {"count", count}}}, true);
    }
  }
  if (++tick_count_ % kPersistEveryTicks == 0 || chat_.pending() > 500) persist();
  if (sampler_ && now - last_sampled_at_ >= sampler_->settings().interval_ms && !sampling_.exchange(true)) {
    last_sampled_at_ = now;
    ctx_.db_pool.post([this] {
      try {
        samples_written_.inc(static_cast<uint64_t>(sampler_->sample()));
      } catch (const std::exception& e) {
        sampling_failed_.inc();
        log()->warn("msg=\"viewer sampling failed, next interval retries\" error=\"{}\"", e.what());
      }
      sampling_ = false;
    });
  }
  ticker_.expires_after(kTick);
  ticker_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) tick();
  });
}

void StreamingNamespace::persist() {
  if (persisting_.exchange(true)) return;  // the previous write is still running
  auto sessions = std::make_shared<std::vector<store::ViewerSessionRow>>(std::move(unsaved_sessions_));
  unsaved_sessions_.clear();
  auto newer = viewers_.take_sessions();
  sessions->insert(sessions->end(), newer.begin(), newer.end());
  auto counts = std::make_shared<std::map<std::string, std::pair<int, int>>>(std::move(pending_counts_));
  pending_counts_.clear();
  ctx_.db_pool.post([this, sessions, counts] {
    try {
      chat_.flush();
      // Counts before sessions: a reader that sees the closed sessions of an ended stream (stats
      // after the end) then also sees its final peak, which the tracker has forgotten by then.
      for (const auto& [id, c] : *counts) ctx_.store.viewers().update_counts(id, c.first, c.second);
      ctx_.store.viewers().apply(*sessions);
      persisting_ = false;
    } catch (const std::exception& e) {
      // Chat stays queued inside ChatService; sessions and counts go back for the next attempt, ahead
      // of (sessions) or behind (counts: newer wins) what came meanwhile.
      log()->warn("msg=\"persist failed, will retry\" error=\"{}\"", e.what());
      asio::post(strand_, [this, sessions, counts] {
        sessions->insert(sessions->end(), unsaved_sessions_.begin(), unsaved_sessions_.end());
        unsaved_sessions_ = std::move(*sessions);
        for (const auto& [id, c] : *counts) pending_counts_.try_emplace(id, c);
        persisting_ = false;
      });
    }
  });
}

void StreamingNamespace::flush_all() {
  chat_.flush();
  viewers_.close_all();  // this node's viewers stop now; a restart starts their sessions anew
  auto sessions = std::move(unsaved_sessions_);
  auto newer = viewers_.take_sessions();
  sessions.insert(sessions.end(), newer.begin(), newer.end());
  for (const auto& [id, c] : pending_counts_) ctx_.store.viewers().update_counts(id, c.first, c.second);
  ctx_.store.viewers().apply(sessions);
  // One node: anything still open is ours (a write that failed earlier). Several: the rest are others'.
  if (!relay_.spans_nodes()) ctx_.store.viewers().close_open("", ctx_.clock.now_ms());
}

}  // namespace tc::api
