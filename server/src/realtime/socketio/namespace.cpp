#include "realtime/socketio/namespace.hpp"

#include <algorithm>

namespace tc::realtime::socketio {
namespace json = boost::json;

net::SharedBytes Namespace::encode_event(std::string_view event, const json::array& args) const {
  json::array full;
  full.reserve(args.size() + 1);
  full.emplace_back(json::string(event));
  for (const auto& a : args) full.push_back(a);
  const json::value v(std::move(full));
  return std::make_shared<const std::string>(encode(PacketType::event, name_, std::nullopt, &v));
}

size_t Namespace::broadcast(const std::string& room, std::string_view event, const json::array& args, bool droppable,
                            const Socket* except) {
  return broadcast_encoded(room, encode_event(event, args), droppable, except);
}

size_t Namespace::broadcast_encoded(const std::string& room, const net::SharedBytes& bytes, bool droppable,
                                    const Socket* except) {
  // Each member's session gets the bytes in its inbox under the lock (members stay alive: a socket
  // leaves under this lock before it is destroyed, and two broadcasts reach every member in the same
  // order). Sessions whose inbox was idle are drained afterwards, outside the lock, by one post per
  // I/O thread; a sender's own session is among them, so a slow-client close never runs under it.
  std::vector<std::shared_ptr<engineio::Session>> due;
  size_t n = 0;
  {
    std::lock_guard lock(mutex_);
    const auto it = rooms_.find(room);
    if (it == rooms_.end()) return 0;
    for (Socket* s : it->second) {
      if (s == except || !s->connected()) continue;
      if (s->session()->push_inbox(bytes, false, droppable)) due.push_back(s->session());
      ++n;
    }
  }
  engineio::drain_all(std::move(due));
  return n;
}

size_t Namespace::room_size(const std::string& room) const {
  std::lock_guard lock(mutex_);
  const auto it = rooms_.find(room);
  return it == rooms_.end() ? 0 : it->second.size();
}

std::vector<std::shared_ptr<Socket>> Namespace::room_members(const std::string& room) const {
  std::vector<std::shared_ptr<Socket>> out;
  std::lock_guard lock(mutex_);
  const auto it = rooms_.find(room);
  if (it == rooms_.end()) return out;
  out.reserve(it->second.size());
  for (Socket* s : it->second) out.push_back(s->shared_from_this());
  return out;
}

std::shared_ptr<Socket> Namespace::find(const std::string& socket_id) const {
  std::lock_guard lock(mutex_);
  const auto it = sockets_.find(socket_id);
  return it == sockets_.end() ? nullptr : it->second.lock();
}

size_t Namespace::socket_count() const {
  std::lock_guard lock(mutex_);
  return sockets_.size();
}

void Namespace::add(const std::shared_ptr<Socket>& socket) {
  std::lock_guard lock(mutex_);
  sockets_.emplace(socket->id(), socket);
}

void Namespace::remove(Socket& socket) {
  std::lock_guard lock(mutex_);
  for (const auto& room : socket.rooms()) {
    const auto it = rooms_.find(room);
    if (it == rooms_.end()) continue;
    it->second.erase(&socket);
    if (it->second.empty()) rooms_.erase(it);
  }
  socket.rooms().clear();
  sockets_.erase(socket.id());
}

void Namespace::join(Socket& socket, const std::string& room) {
  std::lock_guard lock(mutex_);
  if (!socket.connected()) return;
  auto& rooms = socket.rooms();
  if (std::find(rooms.begin(), rooms.end(), room) != rooms.end()) return;
  rooms.push_back(room);
  rooms_[room].insert(&socket);
}

void Namespace::leave(Socket& socket, const std::string& room) {
  std::lock_guard lock(mutex_);
  auto& rooms = socket.rooms();
  const auto pos = std::find(rooms.begin(), rooms.end(), room);
  if (pos == rooms.end()) return;
  rooms.erase(pos);
  const auto it = rooms_.find(room);
  if (it == rooms_.end()) return;
  it->second.erase(&socket);
  if (it->second.empty()) rooms_.erase(it);
}

}  // namespace tc::realtime::socketio
