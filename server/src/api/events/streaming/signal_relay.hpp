#pragma once
// WebRTC signalling relay on /streaming (webrtc_offer, webrtc_answer, webrtc_ice_candidate): a joined
// socket's message goes to one peer (`to`, a socket id on this node) or to the rest of its room,
// stamped with who sent it. Stays on this node (docs/realtime.md). Threads: the socket's strand.
#include "api/context/api_context.hpp"
#include "api/events/streaming/socket_state.hpp"
#include "core/rate_limiter.hpp"

namespace tc::api {

class SignalRelay {
 public:
  static constexpr size_t kMaxSignalBytes = 64 * 1024;

  SignalRelay(ApiContext& ctx, realtime::socketio::Namespace& nsp)
      : nsp_(nsp), limiter_(ctx.clock, core::RateSpec{200, 10'000}) {}

  // Socket strand.
  void relay(const SocketPtr& socket, const realtime::socketio::Event& event);

 private:
  realtime::socketio::Namespace& nsp_;  // borrowed, outlives us
  core::RateLimiter limiter_;           // per connection
};

}  // namespace tc::api
