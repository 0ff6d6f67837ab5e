#include "api/events/room_relay.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/logging.hpp"

namespace tc::api {
namespace json = boost::json;

namespace {

auto log() {
  static auto l = core::logger("api.events.relay");
  return l;
}

std::string topic(const std::string& stream_id) { return "stream:" + stream_id; }
std::string room_topic(const std::string& room_name) { return "room:" + room_name; }

const json::string* str(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v ? v->if_string() : nullptr;
}

// A chat line from another node back into the row its recent cache keeps.
std::optional<store::MessageRow> message_row(const std::string& stream_id, const json::object& line) {
  const auto* id = str(line, "message_id");
  const auto* user = str(line, "user_id");
  const auto* name = str(line, "username");
  const auto* text = str(line, "message");
  const auto* type = str(line, "message_type");
  const auto* at = line.if_contains("created_at");
  if (!id || !user || !name || !text || !type || !at || !at->is_int64()) return std::nullopt;
  store::MessageRow m;
  m.message_id = std::string(*id);
  m.stream_id = stream_id;
  m.user_id = std::string(*user);
  m.username = std::string(*name);
  m.message = std::string(*text);
  m.message_type = std::string(*type);
  m.created_at = at->get_int64();
  if (const auto* c = line.if_contains("tip_amount_cents"); c && c->is_int64()) m.tip_amount_cents = c->get_int64();
  return m;
}

}  // namespace

RoomRelay::~RoomRelay() {
  std::lock_guard lock(mutex_);
  for (auto& [_, r] : rooms_) bus_.unsubscribe(r.subscription);
  for (auto id : listening_) bus_.unsubscribe(id);
}

void RoomRelay::broadcast(const std::string& stream_id, std::string_view event, const json::array& args,
                          bool droppable) {
  const auto bytes = nsp_->encode_event(event, args);
  nsp_->broadcast_encoded(room(stream_id), bytes, droppable);
  if (bus_.spans_nodes()) publish_bytes(topic(stream_id), bytes, droppable);
}

void RoomRelay::broadcast_to(const std::string& room_name, std::string_view event, const json::array& args,
                             bool droppable) {
  const auto bytes = nsp_->encode_event(event, args);
  nsp_->broadcast_encoded(room_name, bytes, droppable);
  if (bus_.spans_nodes()) publish_bytes(room_topic(room_name), bytes, droppable);
}

void RoomRelay::publish_bytes(const std::string& t, const net::SharedBytes& bytes, bool droppable) {
  std::string frame;
  frame.reserve(2 + bytes->size());
  frame.push_back('B');
  frame.push_back(droppable ? '1' : '0');
  frame.append(*bytes);
  bus_.publish(t, frame);
}

void RoomRelay::deliver_bytes(const std::string& room_name, std::string_view frame) {
  auto bytes = std::make_shared<const std::string>(frame.substr(2));
  nsp_->broadcast_encoded(room_name, bytes, frame[1] == '1');
}

void RoomRelay::listen(const std::string& room_name) {
  if (!bus_.spans_nodes()) return;
  std::lock_guard lock(mutex_);
  listening_.push_back(bus_.subscribe(room_topic(room_name), [this, room_name](const realtime::bus::BusMessage& m) {
    if (m.origin == bus_.node_id() || m.data.size() <= 2 || m.data[0] != 'B') return;
    deliver_bytes(room_name, m.data);
  }));
}

void RoomRelay::chat_message(const std::string& stream_id, const json::object& line) {
  nsp_->broadcast(room(stream_id), "chat_message", json::array{line});
  if (bus_.spans_nodes()) tell_others(stream_id, json::object{{"t", "chat"}, {"line", line}});
}

void RoomRelay::tell_others(const std::string& stream_id, const json::object& msg) {
  if (!bus_.spans_nodes()) return;
  bus_.publish(topic(stream_id), "C" + json::serialize(msg));
}

void RoomRelay::acquire(const std::string& stream_id) {
  if (!bus_.spans_nodes()) return;
  std::lock_guard lock(mutex_);
  auto& r = rooms_[stream_id];
  if (r.sockets++ > 0) return;
  r.subscription = bus_.subscribe(
      topic(stream_id), [this, stream_id](const realtime::bus::BusMessage& m) { on_message(stream_id, m); },
      [this, stream_id] {
        if (listener_) listener_->on_room_ready(stream_id);
      });
}

bool RoomRelay::release(const std::string& stream_id) {
  if (!bus_.spans_nodes()) return false;
  std::lock_guard lock(mutex_);
  const auto it = rooms_.find(stream_id);
  if (it == rooms_.end() || --it->second.sockets > 0) return false;
  bus_.unsubscribe(it->second.subscription);
  rooms_.erase(it);
  return true;
}

void RoomRelay::on_message(const std::string& stream_id, const realtime::bus::BusMessage& m) {
  // Our own publishes come back through the local table: the publisher already delivered them here.
  if (m.origin == bus_.node_id() || m.data.empty()) return;
  try {
    if (m.data[0] == 'B' && m.data.size() > 2) return deliver_bytes(room(stream_id), m.data);
    if (m.data[0] != 'C' || m.data.size() > kMaxControlBytes) return;
    boost::system::error_code ec;
    auto v = json::parse(m.data.substr(1), ec);
    if (ec || !v.is_object()) {
      log()->warn("msg=\"malformed bus message\" stream={} origin={}", stream_id, m.origin);
      return;
    }
    const auto& o = v.get_object();
    const auto* t = str(o, "t");
    if (!t) return;
    if (*t == "chat") {
      const auto* line = o.if_contains("line");
      if (!line || !line->is_object()) return;
      if (auto row = message_row(stream_id, line->get_object())) chat_.remember(*row);
      nsp_->broadcast(room(stream_id), "chat_message", json::array{line->get_object()});
      return;
    }
    if (listener_) listener_->on_remote(stream_id, m.origin, o);
  } catch (const std::exception& e) {
    log()->warn("msg=\"bus message failed\" stream={} origin={} error=\"{}\"", stream_id, m.origin, e.what());
  }
}

}  // namespace tc::api
