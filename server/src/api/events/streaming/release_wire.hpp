#pragma once
// What the release engines of the nodes tell each other on the bus topic kReleaseTopic: a timed event
// to schedule ('P', sent by the node it was posted on; every node then releases it to its own sockets
// at the same instants, counted from posted_at, not from when the message arrived) and one node's
// pass for one tier ('D', for the delivery audit every node keeps). JSON after the one-letter kind;
// decode_* is the only place such a message is checked (ids bounded, tiers known, delays in range).
// Pure: no I/O, no threads.
#include <string>
#include <string_view>

#include "api/events/streaming/timed_event.hpp"
#include "core/error.hpp"
#include "realtime/release/delivery_log.hpp"

namespace tc::api::release_wire {

inline constexpr const char* kReleaseTopic = "release";
inline constexpr size_t kMaxMessageBytes = 256 * 1024;

struct Pass {
  std::string subject;
  int64_t seq = 0;
  std::string tier;
  realtime::release::NodePass pass;
};

std::string encode(const TimedEvent& e);  // 'P' + JSON
std::string encode(const Pass& p);        // 'D' + JSON
// Errors (invalid): invalid_command naming what is wrong.
core::Result<TimedEvent> decode_event(std::string_view json);
core::Result<Pass> decode_pass(std::string_view json);

// The checks decode_event makes, for events built on this node too (the publisher's input).
core::Status check(const TimedEvent& e);

}  // namespace tc::api::release_wire
