#include "realtime/socketio/socket.hpp"

#include "realtime/socketio/namespace.hpp"

namespace tc::realtime::socketio {
namespace json = boost::json;

Socket::Socket(std::string id, Namespace& nsp, std::shared_ptr<engineio::Session> session)
    : id_(std::move(id)), nsp_(nsp), session_(std::move(session)) {}

void Socket::emit(std::string_view event, json::array args, bool droppable) {
  if (!connected()) return;
  args.insert(args.begin(), json::string(event));
  const json::value v(std::move(args));
  session_->send(std::make_shared<const std::string>(encode(PacketType::event, nsp_.name(), std::nullopt, &v)),
                 false, droppable);
}

void Socket::emit_binary(std::string_view event, json::array args, const std::vector<std::string>& attachments) {
  args.insert(args.begin(), json::string(event));
  send_packet(PacketType::event, std::nullopt, json::value(std::move(args)), attachments);
}

void Socket::ack(uint64_t id, json::array args, const std::vector<std::string>& attachments) {
  send_packet(PacketType::ack, id, json::value(std::move(args)), attachments);
}

void Socket::send_packet(PacketType type, std::optional<uint64_t> id, const json::value& data,
                         const std::vector<std::string>& attachments) {
  if (!connected()) return;
  if (attachments.empty()) {
    session_->send(std::make_shared<const std::string>(encode(type, nsp_.name(), id, &data)), false);
    return;
  }
  const auto binary_type = type == PacketType::ack ? PacketType::binary_ack : PacketType::binary_event;
  session_->send(std::make_shared<const std::string>(encode(binary_type, nsp_.name(), id, &data, attachments.size())),
                 false);
  for (const auto& a : attachments) session_->send(std::make_shared<const std::string>(a), true);
}

void Socket::send_encoded(const net::SharedBytes& bytes, bool droppable) {
  if (connected()) session_->send(bytes, false, droppable);
}

void Socket::join(const std::string& room) {
  if (connected()) nsp_.join(*this, room);
}

void Socket::leave(const std::string& room) { nsp_.leave(*this, room); }

void Socket::disconnect() {
  boost::asio::dispatch(session_->strand(), [self = shared_from_this()] {
    if (!self->mark_disconnected()) return;
    self->session_->send(
        std::make_shared<const std::string>(encode(PacketType::disconnect, self->nsp_.name(), std::nullopt, nullptr)),
        false);
    self->nsp_.remove(*self);
    self->nsp_.handler().on_disconnect(self, "server namespace disconnect");
  });
}

void Socket::close_connection(std::string reason) { session_->close(std::move(reason)); }

}  // namespace tc::realtime::socketio
