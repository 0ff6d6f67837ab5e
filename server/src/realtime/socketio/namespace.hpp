#pragma once
// A Socket.IO namespace: its handler, its sockets and rooms, and broadcasts that encode a packet once
// and queue the same bytes for every member.
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "net/websocket.hpp"
#include "realtime/socketio/socket.hpp"

namespace tc::realtime::socketio {

struct Event {
  std::string name;
  boost::json::array args;               // after the event name
  std::vector<std::string> attachments;  // binary events: placeholders in args point here
  std::optional<uint64_t> ack_id;        // the client waits for an ack
};

// What a namespace does; implemented above realtime (api/events) and plugged in by app. Every call
// runs on the socket's strand and must not block.
class NamespaceHandler {
 public:
  virtual ~NamespaceHandler() = default;
  // Before CONNECT is answered. A returned message refuses it with CONNECT_ERROR {message, data?}.
  // Override this or authorize_async(); by default every CONNECT is accepted.
  virtual std::optional<boost::json::object> authorize(Socket&, const boost::json::value&) { return std::nullopt; }
  // The same for a check that must wait (the token's user looked up in the database): call `done`
  // exactly once, from any thread, with the refusal or nullopt; the client then gets its CONNECT or
  // CONNECT_ERROR. Until then the namespace is not connected (a client waits for the answer). By
  // default it answers at once with authorize().
  using AuthorizeDone = std::function<void(std::optional<boost::json::object> refusal)>;
  // `done` by value: overrides keep it past the call (the lookup finishes on another thread).
  virtual void authorize_async(const std::shared_ptr<Socket>& socket, const boost::json::value& auth,
                               AuthorizeDone done) {  // NOLINT(performance-unnecessary-value-param)
    done(authorize(*socket, auth));
  }
  // After the client has its CONNECT answer.
  virtual void on_connect(const std::shared_ptr<Socket>& socket, const boost::json::value& auth) = 0;
  virtual void on_event(const std::shared_ptr<Socket>& socket, Event event) = 0;
  virtual void on_disconnect(const std::shared_ptr<Socket>& socket, std::string_view reason) = 0;
};

class Namespace {
 public:
  Namespace(std::string name, NamespaceHandler& handler) : name_(std::move(name)), handler_(handler) {}

  const std::string& name() const { return name_; }
  NamespaceHandler& handler() { return handler_; }

  // Encodes `event` once and queues it for every socket in `room` (but `except`). Returns how many.
  size_t broadcast(const std::string& room, std::string_view event, const boost::json::array& args,
                   bool droppable = false, const Socket* except = nullptr);
  size_t broadcast_encoded(const std::string& room, const net::SharedBytes& bytes, bool droppable,
                           const Socket* except = nullptr);
  net::SharedBytes encode_event(std::string_view event, const boost::json::array& args) const;
  size_t room_size(const std::string& room) const;
  std::vector<std::shared_ptr<Socket>> room_members(const std::string& room) const;
  std::shared_ptr<Socket> find(const std::string& socket_id) const;
  size_t socket_count() const;

  // ---- for Socket / Client
  void add(const std::shared_ptr<Socket>& socket);
  void remove(Socket& socket);  // also leaves every room
  void join(Socket& socket, const std::string& room);
  void leave(Socket& socket, const std::string& room);

 private:
  const std::string name_;
  NamespaceHandler& handler_;  // borrowed, outlives the server
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::weak_ptr<Socket>> sockets_;      // guarded by mutex_
  std::unordered_map<std::string, std::unordered_set<Socket*>> rooms_;  // guarded by mutex_
};

}  // namespace tc::realtime::socketio
