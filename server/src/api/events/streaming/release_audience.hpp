#pragma once
// Who can receive a stream's timed releases on this node: the sockets in the stream's room, each
// with the user it signed in as (none: anonymous, always FREE) and a serial that names it in a
// release's "already reached" set. Kept beside the Socket.IO room because a socket's user lives on
// its strand (SocketState), and a release pass must classify thousands of sockets without a hop to
// each one's strand.
//
// Threads: thread-safe (one mutex). enter/leave run on the socket's strand (room_membership);
// snapshot on the release strand.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "realtime/socketio/socket.hpp"

namespace tc::api {

class ReleaseAudience {
 public:
  struct Member {
    uint64_t serial = 0;
    std::shared_ptr<realtime::socketio::Socket> socket;
    std::optional<std::string> user_id;
  };

  void enter(const std::string& stream_id, const std::shared_ptr<realtime::socketio::Socket>& socket,
             std::optional<std::string> user_id);
  void leave(const std::string& stream_id, const realtime::socketio::Socket& socket);
  // The stream's members still connected, in no particular order.
  std::vector<Member> snapshot(const std::string& stream_id) const;
  size_t size(const std::string& stream_id) const;

 private:
  struct Entry {
    uint64_t serial;
    std::weak_ptr<realtime::socketio::Socket> socket;
    std::optional<std::string> user_id;
  };
  mutable std::mutex mutex_;
  uint64_t next_serial_ = 1;  // guarded by mutex_
  std::unordered_map<std::string, std::unordered_map<const realtime::socketio::Socket*, Entry>>
      streams_;  // guarded by mutex_
};

}  // namespace tc::api
