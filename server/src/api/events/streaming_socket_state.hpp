#pragma once
// Per-connection state of the /streaming namespace (its own header so the moderation handlers in
// streaming_moderation.cpp can read it). Touched only on the socket's strand.
#include <optional>
#include <string>

#include "api/events/streaming_namespace.hpp"
#include "domain/accounts/identity.hpp"

namespace tc::api {

// What a connection is, on its strand. Shared with the join coroutine.
struct StreamingNamespace::SocketState {
  std::optional<domain::Identity> who;
  std::string stream_id;    // joined stream; empty when none
  std::string streamer_id;  // of the joined stream
  std::optional<std::string> tier;  // subscriber tier on the joined stream's channel (chat badge)
  uint64_t join_seq = 0;    // a newer join or a leave makes an older join's completion moot
  // A stream that ended while joined: the socket stays in its room (the media plane's last events,
  // such as media_state offline, still reach it) until it joins another stream, leaves or goes.
  std::string ended_stream_id;
  std::string viewer_key() const { return who ? who->user_id : std::string(); }
};

}  // namespace tc::api
