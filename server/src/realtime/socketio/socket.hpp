#pragma once
// One client connected to one namespace. Handlers get shared_ptr<Socket>; every public method is
// thread-safe (sends go through the Engine.IO session's queue).
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <any>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/websocket.hpp"
#include "realtime/engineio/session.hpp"
#include "realtime/socketio/packet.hpp"

namespace tc::realtime::socketio {

class Namespace;

class Socket : public std::enable_shared_from_this<Socket> {
 public:
  Socket(std::string id, Namespace& nsp, std::shared_ptr<engineio::Session> session);

  const std::string& id() const { return id_; }
  Namespace& nsp() { return nsp_; }
  const engineio::Handshake& handshake() const { return session_->handshake(); }
  const engineio::Strand& strand() const { return session_->strand(); }
  const std::shared_ptr<engineio::Session>& session() const { return session_; }
  bool connected() const { return connected_.load(); }
  // The handler's own state for this socket. Touch it only on strand().
  std::any& data() { return data_; }

  void emit(std::string_view event, boost::json::array args, bool droppable = false);
  // An event with binary attachments: `args` holds {"_placeholder":true,"num":i} for attachment i.
  void emit_binary(std::string_view event, boost::json::array args, const std::vector<std::string>& attachments);
  void ack(uint64_t id, boost::json::array args, const std::vector<std::string>& attachments = {});
  // Bytes already encoded by encode() (shared by a broadcast).
  void send_encoded(const net::SharedBytes& bytes, bool droppable = false);

  void join(const std::string& room);
  void leave(const std::string& room);
  // Server-side disconnect from this namespace: DISCONNECT is sent and the handler told.
  void disconnect();
  // Closes the whole Engine.IO session (every namespace), e.g. a malformed or abusive client.
  void close_connection(std::string reason);
  // In NamespaceHandler::authorize: the user this CONNECT authenticated as. The first identity binds
  // the whole Engine.IO session; false when it is bound to another one (refuse the CONNECT then).
  bool bind_identity(std::string_view identity) { return session_->bind_identity(identity); }

  // ---- for Namespace / Client
  std::vector<std::string>& rooms() { return rooms_; }  // guarded by the namespace's mutex
  bool mark_disconnected() { return connected_.exchange(false); }

 private:
  void send_packet(PacketType type, std::optional<uint64_t> id, const boost::json::value& data,
                   const std::vector<std::string>& attachments);

  const std::string id_;
  Namespace& nsp_;                              // borrowed, outlives every socket
  std::shared_ptr<engineio::Session> session_;  // shared: the transport lives as long as any user
  std::atomic<bool> connected_{true};
  std::any data_;
  std::vector<std::string> rooms_;
};

}  // namespace tc::realtime::socketio
