#include "api/events/streaming/signal_relay.hpp"

#include <boost/json/serialize.hpp>

#include "api/events/streaming/room_names.hpp"

namespace tc::api {
namespace json = boost::json;

void SignalRelay::relay(const SocketPtr& socket, const realtime::socketio::Event& event) {
  auto& state = state_of(*socket);
  auto payload = joined_payload(event, state, "Join the stream first");
  if (!payload) return reply_error(*socket, event, payload.error());
  if (json::serialize(**payload).size() > kMaxSignalBytes) {
    return reply_error(*socket, event, core::Error::invalid("payload_too_large", "Signalling message is too large"));
  }
  if (const auto d = limiter_.acquire(socket->id()); !d.allowed) {
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
    auto target = nsp_.find(*to);
    if (!target) return reply_error(*socket, event, core::Error::not_found("peer_not_found", "No such peer"));
    target->emit(event.name, json::array{std::move(out)});
  } else {
    nsp_.broadcast(stream_room(state.stream_id), event.name, json::array{std::move(out)}, false, socket.get());
  }
  reply_ok(*socket, event);
}

}  // namespace tc::api
