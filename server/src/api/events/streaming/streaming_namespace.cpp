#include "api/events/streaming/streaming_namespace.hpp"

#include <boost/asio/co_spawn.hpp>

#include "api/context/identity_check.hpp"
#include "api/events/event_boundary.hpp"
#include "api/events/streaming/room_names.hpp"
#include "core/logging.hpp"

namespace tc::api {
namespace asio = boost::asio;
namespace json = boost::json;
using realtime::socketio::Event;
using realtime::socketio::Socket;

StreamingNamespace::StreamingNamespace(asio::io_context& ioc, realtime::socketio::Server& sio,
                                       const StreamingServices& s)
    : ctx_(s.ctx),
      nsp_(sio.add_namespace(kName, *this)),
      room_sink_(nsp_),
      targets_{s.chat, s.moderation, room_sink_},
      relay_(s.bus, s.chat, nsp_, *this),
      directory_(ioc, s.ctx, nsp_, relay_),
      media_events_(relay_, directory_),
      release_(ioc, s.ctx, s.subscriptions, s.bus, nsp_, s.deliveries),
      rooms_(s.ctx, s.chat, s.viewers, s.moderation, s.subscriptions, relay_, release_, nsp_),
      ticker_(ioc, s.ctx, s.chat, s.viewers, s.sampler, relay_, nsp_, directory_, rooms_),
      chat_(s.ctx, s.chat, s.moderation, relay_, ticker_),
      signals_(s.ctx, nsp_),
      moderation_(s.ctx, targets_, relay_),
      tips_(s.ctx, s.tips, s.chat, relay_),
      alert_publisher_(release_),
      alerts_(s.ctx, s.alerts, alert_publisher_) {
  if (relay_.spans_nodes()) heartbeat_.emplace(ioc, s.ctx, s.viewers, relay_.node_id());
  add_handlers();
}

void StreamingNamespace::add_handlers() {
  handlers_ = {
      {"join_stream", [this](const SocketPtr& s, Event& e) { rooms_.join(s, std::move(e)); }},
      {"leave_stream", [this](const SocketPtr& s, Event& e) { rooms_.leave(s, std::move(e)); }},
      // The directory feed's room (stream_started / stream_ended / directory_update); idempotent.
      {"watch_directory",
       [](const SocketPtr& s, Event& e) {
         s->join(kDirectoryRoom);
         reply_ok(*s, e);
       }},
      {"unwatch_directory",
       [](const SocketPtr& s, Event& e) {
         s->leave(kDirectoryRoom);
         reply_ok(*s, e);
       }},
      {"send_message", [this](const SocketPtr& s, Event& e) { chat_.send_message(s, e); }},
      {"send_reaction", [this](const SocketPtr& s, Event& e) { chat_.send_reaction(s, e); }},
      {"delete_message", [this](const SocketPtr& s, Event& e) { moderation_.delete_message(s, std::move(e)); }},
      {"timeout_user", [this](const SocketPtr& s, Event& e) { moderation_.timeout_or_ban(s, std::move(e), false); }},
      {"ban_user", [this](const SocketPtr& s, Event& e) { moderation_.timeout_or_ban(s, std::move(e), true); }},
      {"unban_user", [this](const SocketPtr& s, Event& e) { moderation_.unban_user(s, std::move(e)); }},
      {"set_chat_mode", [this](const SocketPtr& s, Event& e) { moderation_.set_chat_mode(s, std::move(e)); }},
      {"send_tip", [this](const SocketPtr& s, Event& e) { tips_.send_tip(s, std::move(e), state_of(*s).who); }},
      {"post_alert", [this](const SocketPtr& s, Event& e) { alerts_.post_alert(s, std::move(e), state_of(*s).who); }},
      {"update_alert",
       [this](const SocketPtr& s, Event& e) { alerts_.update_alert(s, std::move(e), state_of(*s).who); }},
      {"webrtc_offer", [this](const SocketPtr& s, Event& e) { signals_.relay(s, e); }},
      {"webrtc_answer", [this](const SocketPtr& s, Event& e) { signals_.relay(s, e); }},
      {"webrtc_ice_candidate", [this](const SocketPtr& s, Event& e) { signals_.relay(s, e); }},
  };
}

void StreamingNamespace::start() {
  ticker_.start();
  if (heartbeat_) heartbeat_->start();
  directory_.start();
  release_.start();
}

void StreamingNamespace::stop() {
  ticker_.stop();
  if (heartbeat_) heartbeat_->stop();
  directory_.stop();
  release_.stop();
}

// ---- connection --------------------------------------------------------------------------------

// The token is verified here; who it acts as is the check REST makes too (resolve_identity: the
// user must exist, an external issuer + subject is its own user), on the DB pool when not cached.
void StreamingNamespace::authorize_async(const SocketPtr& socket, const json::value& auth, AuthorizeDone done) {
  auto state = std::make_shared<SocketState>();
  socket->data() = state;
  std::string token;
  if (const auto* o = auth.if_object()) {
    if (const auto* t = o->if_contains("token"); t && t->is_string()) token = std::string(t->get_string());
  }
  std::string header_token;
  for (const auto& [k, v] : socket->handshake().headers) {
    if (k == "authorization" && v.size() > 7 && (v.starts_with("Bearer ") || v.starts_with("bearer "))) {
      header_token = v.substr(7);
    }
  }
  if (token.empty()) token = header_token;
  if (token.empty()) return done(std::nullopt);  // an anonymous viewer
  auto refusal = [](const core::Error& e) {
    return json::object{{"message", e.message}, {"data", json::object{{"code", e.code}}}};
  };
  auto claims = ctx_.tokens.verify(token);
  if (!claims) return done(refusal(claims.error()));
  // One session, one user (issue 12): the handshake's header and auth.token must name the same
  // subject, and every CONNECT of the session the same user (Engine.IO binds the first one).
  const core::Error mismatch{core::ErrorKind::forbidden, "identity_mismatch",
                             "This connection belongs to another user"};
  if (!header_token.empty() && header_token != token) {
    const auto header_claims = ctx_.tokens.verify(header_token);
    if (!header_claims || header_claims->external != claims->external || header_claims->issuer != claims->issuer ||
        header_claims->subject != claims->subject) {
      return done(refusal(mismatch));
    }
  }
  // On the socket's strand (here, or in the coroutine below): binds the session, then the socket.
  auto accept = [socket, state, refusal, mismatch](domain::Identity who) -> std::optional<json::object> {
    if (!socket->bind_identity(who.user_id)) return refusal(mismatch);
    state->who = std::move(who);
    return std::nullopt;
  };
  if (auto hit = ctx_.accounts.identities().cached(*claims)) return done(accept(std::move(*hit)));
  boost::asio::co_spawn(
      socket->strand(),
      [this, claims = std::move(*claims), done, refusal, accept]() -> boost::asio::awaitable<void> {
        core::Result<domain::Identity> who = core::Error::busy();
        try {
          who = co_await resolve_identity(ctx_, claims);
        } catch (const core::Refusal& e) {  // a full pool, the database down
          who = e.error;
        } catch (const std::exception& e) {
          core::logger("api.events")->error("msg=\"connect: identity check failed\" error=\"{}\"", e.what());
          who = core::Error{core::ErrorKind::internal, "internal", "Internal server error"};
        }
        done(who ? accept(std::move(*who)) : refusal(who.error()));
      },
      [](std::exception_ptr) {});
}

void StreamingNamespace::on_connect(const SocketPtr&, const json::value&) {}

void StreamingNamespace::on_disconnect(const SocketPtr& socket, std::string_view) {
  auto* state = std::any_cast<std::shared_ptr<SocketState>>(&socket->data());
  if (state && *state) rooms_.gone(socket);
}

void StreamingNamespace::on_event(const SocketPtr& socket, Event event) {
  const auto it = handlers_.find(event.name);
  if (it == handlers_.end()) {
    return reply_error(*socket, event, core::Error::invalid("unknown_event", "No such event: " + event.name));
  }
  // The only catch for synchronous handlers; what they hand to a pool has its own (run_on_pool).
  try {
    it->second(socket, event);
  } catch (const std::exception& e) {
    reply_internal(*socket, event, e.what());
  }
}

// ---- other nodes --------------------------------------------------------------------------------

void StreamingNamespace::on_command(const std::string& stream_id, std::string_view origin,
                                    const node::Command& command) {
  if (apply_command(targets_, stream_id, command)) return;
  if (const auto* c = std::get_if<node::Count>(&command)) return ticker_.remote_count(stream_id, origin, *c);
  if (const auto* e = std::get_if<node::Ended>(&command)) return ticker_.end_here(stream_id, e->duration);
  // node::Chat never gets here: the relay keeps chat lines itself.
}

}  // namespace tc::api
