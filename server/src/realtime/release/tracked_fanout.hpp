#pragma once
// One fan-out pass that measures itself: every recipient gets its (shared, encoded-once) bytes, and
// the pass reports per group how many sockets it reached and when the first and the last send
// completed — the spread a tier's members see between the first and the last of them (issue 13, the
// delivery audit). A send completes when the packet is in the socket's transport on its strand (for
// a WebSocket: its write is started; on an idle connection Asio writes speculatively at once).
//
// Ordering: the bytes go into each session's inbox (Session::push_inbox) right here, in the caller's
// thread, so two passes started one after the other from one strand reach every socket in that order
// whichever I/O thread drains them. The drains then run on the sockets' strands from one post per
// I/O thread (like engineio::drain_all), each noting its completion time.
//
// Threads: start() from any one thread at a time (the release strand); `done` runs once, on the
// strand of whichever socket completes last (or inline when there is nobody to send to).
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "net/websocket.hpp"
#include "realtime/socketio/socket.hpp"

namespace tc::realtime::release {

struct Recipient {
  std::shared_ptr<socketio::Socket> socket;
  size_t group = 0;  // index into the pass's groups: whose bytes it gets and where it is counted
};

struct GroupResult {
  int64_t sockets = 0;   // sends that completed (a socket that closed meanwhile is not counted)
  int64_t first_us = 0;  // wall clock, epoch µs (comparable across nodes); 0 when none
  int64_t last_us = 0;
  int64_t spread_us = 0;  // last − first on the steady clock
};

using FanoutDone = std::function<void(std::vector<GroupResult>)>;

// `packets[g]` is what group g gets, in order (encoded once, shared by all of them); a socket's send
// completes with its last packet.
using Packets = std::vector<net::SharedBytes>;
void tracked_fanout(const std::vector<Recipient>& recipients, std::vector<Packets> packets, FanoutDone done);

}  // namespace tc::realtime::release
