#include "api/events/streaming/room_relay.hpp"

#include "api/events/streaming/room_names.hpp"
#include "core/module_logger.hpp"

namespace tc::api {
namespace json = boost::json;

namespace {
const core::ModuleLogger log("api.events.relay");
}  // namespace

RoomRelay::~RoomRelay() {
  std::lock_guard lock(mutex_);
  for (auto& [_, r] : rooms_) bus_.unsubscribe(r.subscription);
  for (auto id : listening_) bus_.unsubscribe(id);
}

void RoomRelay::broadcast(const std::string& stream_id, std::string_view event, const json::array& args,
                          bool droppable) {
  const auto bytes = nsp_.encode_event(event, args);
  nsp_.broadcast_encoded(stream_room(stream_id), bytes, droppable);
  if (bus_.spans_nodes()) publish_bytes(stream_topic(stream_id), bytes, droppable);
}

void RoomRelay::broadcast_to(const std::string& room_name, std::string_view event, const json::array& args,
                             bool droppable) {
  const auto bytes = nsp_.encode_event(event, args);
  nsp_.broadcast_encoded(room_name, bytes, droppable);
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
  nsp_.broadcast_encoded(room_name, bytes, frame[1] == '1');
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
  nsp_.broadcast(stream_room(stream_id), "chat_message", json::array{line});
  if (bus_.spans_nodes()) tell_others(stream_id, node::Chat{line, {}});
}

void RoomRelay::tell_others(const std::string& stream_id, const node::Command& command) {
  if (!bus_.spans_nodes()) return;
  bus_.publish(stream_topic(stream_id), "C" + node::encode(command));
}

void RoomRelay::acquire(const std::string& stream_id) {
  if (!bus_.spans_nodes()) return;
  std::lock_guard lock(mutex_);
  auto& r = rooms_[stream_id];
  if (r.sockets++ > 0) return;
  r.subscription = bus_.subscribe(
      stream_topic(stream_id), [this, stream_id](const realtime::bus::BusMessage& m) { on_message(stream_id, m); },
      [this, stream_id] { listener_.on_room_ready(stream_id); });
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
    if (m.data[0] == 'B' && m.data.size() > 2) return deliver_bytes(stream_room(stream_id), m.data);
    if (m.data[0] != 'C') return;
    auto command = node::decode(std::string_view(m.data).substr(1));
    if (!command) {
      log()->warn("msg=\"malformed node command\" stream={} origin={} code={} error=\"{}\"", stream_id, m.origin,
                  command.error().code, command.error().message);
      return;
    }
    if (auto* chat = std::get_if<node::Chat>(&*command)) {
      chat->row.stream_id = stream_id;
      chat_.remember(chat->row);
      nsp_.broadcast(stream_room(stream_id), "chat_message", json::array{chat->line});
      return;
    }
    listener_.on_command(stream_id, m.origin, *command);
  } catch (const std::exception& e) {
    log()->warn("msg=\"bus message failed\" stream={} origin={} error=\"{}\"", stream_id, m.origin, e.what());
  }
}

}  // namespace tc::api
