#pragma once
#include <chrono>
#include <cstddef>
#include <string>

#include "core/config.hpp"

namespace tc::realtime::engineio {

struct Options {
  std::string path = "/socket.io/";
  std::chrono::milliseconds ping_interval{25'000};
  std::chrono::milliseconds ping_timeout{20'000};
  std::chrono::milliseconds upgrade_timeout{10'000};  // probe to "5"; the probe socket is closed after
  // A GET arriving after "3probe" waits this long for a "5" (then 400) before its noop: a client sends
  // "5" only once its GETs are answered, and the "5" may be on another I/O thread (issue 12).
  std::chrono::milliseconds upgrade_poll_hold{200};
  // After a client's close packet over polling, one GET sent together with it (on another
  // connection, possibly handled first) still gets its noop for this long.
  std::chrono::milliseconds close_grace{2'000};
  size_t max_payload = 1'000'000;          // bytes of one polling body or one WebSocket message
  size_t max_packets_per_payload = 1'000;  // packets in one polling POST body
  size_t max_sessions = 200'000;           // beyond: handshakes answered 503
  size_t max_sessions_per_ip = 2'000;      // beyond: 429 (loopback benchmarks raise it)
  core::RateSpec handshake_rate{0, 0};     // per IP; off by default
  // Send queue per session: above `soft` droppable packets are discarded; above `hard` the client is
  // disconnected as too slow. Sized for a few seconds of a busy chat room.
  size_t send_queue_soft_bytes = 256 * 1024;
  size_t send_queue_hard_bytes = 1024 * 1024;
  // The io_context's thread count: a broadcast spreads its sessions over at most this many posts.
  size_t io_threads = 1;
  std::string cookie;  // unused: no sticky-session cookie is set (the load balancer's job)
};

}  // namespace tc::realtime::engineio
