#pragma once
// Room events across nodes. Every event for a stream's room is delivered to the local room at once
// (encoded once, the same bytes queued for every member, as before) and, when the bus spans nodes,
// published on the stream's topic so the other nodes deliver it to their members of the room.
//
// Two kinds of message travel on the topic "stream:<id>":
//   'B' + droppable ('0'/'1') + the encoded Socket.IO packet: the other nodes queue the bytes as they
//       are (reactions, tip_received, media_state) — nothing is decoded or re-encoded;
//   'C' + a node command (node_command.hpp: typed, decoded and checked in one place): an event with a
//       side effect on every node (a chat line to remember, a timeout to enforce, a deletion, the
//       stream's end, viewer counts); the receiving node acts on it and encodes the room event once
//       for its own members.
// A node subscribes to a stream's topic only while it has sockets in the room (acquire/release), so
// it never receives events for rooms it does not serve. With the in-process bus nothing is published
// or subscribed: the single-node path is the local broadcast alone.
#include <boost/json/object.hpp>

#include <mutex>
#include <string>
#include <unordered_map>

#include "api/events/streaming/node_command.hpp"
#include "domain/chat/chat_service.hpp"
#include "realtime/bus/event_bus.hpp"
#include "realtime/socketio/namespace.hpp"

namespace tc::api {

// What the /streaming handler does with other nodes' commands (all but chat, which the relay keeps).
class RoomRelayListener {
 public:
  virtual ~RoomRelayListener() = default;
  // The bus's strand; must not block. `command` is well-formed (node::decode checked it).
  virtual void on_command(const std::string& stream_id, std::string_view origin, const node::Command& command) = 0;
  // This node's subscription to the stream's topic is live (first subscribe, or after a reconnect).
  virtual void on_room_ready(const std::string& stream_id) = 0;
};

class RoomRelay {
 public:
  // `listener` may still be under construction: nothing reaches it before the first acquire().
  RoomRelay(realtime::bus::EventBus& bus, domain::ChatService& chat, realtime::socketio::Namespace& nsp,
            RoomRelayListener& listener)
      : bus_(bus), chat_(chat), nsp_(nsp), listener_(listener) {}
  ~RoomRelay();

  bool spans_nodes() const { return bus_.spans_nodes(); }
  const std::string& node_id() const { return bus_.node_id(); }

  // Any thread. The event to the stream's room here and on every other node.
  void broadcast(const std::string& stream_id, std::string_view event, const boost::json::array& args,
                 bool droppable = false);
  // Any thread. A chat line (`chat_message` payload, with its badge) to the room here and elsewhere;
  // other nodes also keep it for their joiners' recent_messages.
  void chat_message(const std::string& stream_id, const boost::json::object& line);
  // Any thread. A command to the other nodes only (nothing when the bus is in-process).
  void tell_others(const std::string& stream_id, const node::Command& command);

  // Any thread: a local socket entered / left the stream's room. release() returns true for the last.
  void acquire(const std::string& stream_id);
  bool release(const std::string& stream_id);

  // A namespace-wide room that is not a stream's (the directory feed's): every node listens for good
  // (listen(), at wiring), and broadcast_to() reaches its members on every node ('B' frames only).
  void listen(const std::string& room_name);
  void broadcast_to(const std::string& room_name, std::string_view event, const boost::json::array& args,
                    bool droppable = false);

 private:
  void on_message(const std::string& stream_id, const realtime::bus::BusMessage& m);
  // Queues a 'B' frame's packet to the local room.
  void deliver_bytes(const std::string& room_name, std::string_view frame);
  void publish_bytes(const std::string& topic, const net::SharedBytes& bytes, bool droppable);

  realtime::bus::EventBus& bus_;        // borrowed, outlives us
  domain::ChatService& chat_;           // borrowed
  realtime::socketio::Namespace& nsp_;  // borrowed
  RoomRelayListener& listener_;         // borrowed

  struct Subscribed {
    int sockets = 0;
    uint64_t subscription = 0;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Subscribed> rooms_;  // guarded by mutex_
  std::vector<uint64_t> listening_;                    // listen()'s subscriptions; guarded by mutex_
};

}  // namespace tc::api
