#include "api/events/event_replies.hpp"

namespace tc::api {
namespace json = boost::json;

void reply_ok(realtime::socketio::Socket& socket, const realtime::socketio::Event& event, json::object fields) {
  if (!event.ack_id) return;
  fields["ok"] = true;
  socket.ack(*event.ack_id, json::array{std::move(fields)});
}

void reply_error(realtime::socketio::Socket& socket, const realtime::socketio::Event& event, const core::Error& error) {
  json::object err{{"code", error.code}, {"message", error.message}};
  if (error.retry_after_s > 0) err["retry_after"] = error.retry_after_s;
  if (error.retry_after_ms > 0) err["retry_after_ms"] = error.retry_after_ms;
  if (event.ack_id) {
    socket.ack(*event.ack_id, json::array{json::object{{"ok", false}, {"error", std::move(err)}}});
    return;
  }
  err["event"] = event.name;
  socket.emit("error", json::array{std::move(err)});
}

core::Result<const json::object*> event_object(const realtime::socketio::Event& event) {
  if (event.args.empty() || !event.args[0].is_object()) {
    return core::Error::invalid("invalid_payload", "This event takes an object as its first argument");
  }
  return &event.args[0].get_object();
}

core::Result<std::string> string_field(const json::object& o, std::string_view name, size_t max_bytes, bool required) {
  const auto* v = o.if_contains(name);
  const std::string code = "invalid_" + std::string(name);
  if (!v || v->is_null()) {
    if (!required) return std::string();
    return core::Error::invalid(code, std::string(name) + " is required");
  }
  if (!v->is_string()) return core::Error::invalid(code, std::string(name) + " must be a string");
  if (v->get_string().size() > max_bytes) {
    return core::Error::invalid(code, std::string(name) + " is longer than " + std::to_string(max_bytes) + " bytes");
  }
  return std::string(v->get_string());
}

}  // namespace tc::api
