#pragma once
// An event released to a stream's room tier by tier (issue 13, fair release): what the alert
// publisher hands the release engine (tier_release.hpp), and what travels to the other nodes.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tc::api {

// The tiers of a viewer for a streamer (the shared contract of issue 13): PREMIUM / BASIC from an
// active subscription to that streamer, else FREE (followers and anonymous viewers).
inline constexpr std::array<std::string_view, 3> kReleaseTiers{"PREMIUM", "BASIC", "FREE"};
inline constexpr int64_t kMaxReleaseDelayMs = 900'000;  // 0–900 s (the channel's alert settings)

struct TierEvent {
  std::string tier;         // one of kReleaseTiers
  int64_t delay_ms = 0;     // after posted_at; 0..kMaxReleaseDelayMs
  boost::json::array args;  // the event's arguments as this tier gets them (its released_at)
};

struct TimedEvent {
  std::string stream_id;
  std::string streamer_id;
  std::string subject;  // the alert id: delivery records are kept per alert
  int64_t seq = 0;      // the event's seq in the channel's log (the post, each update)
  std::string event;    // "alert" | "alert_updated"
  int64_t posted_at_ms = 0;
  std::vector<TierEvent> tiers;      // each tier at most once; a tier not listed gets nothing
  boost::json::array streamer_args;  // the streamer's own sockets get this at once
  // Released with the event to every tier, right after it: an alert's ALERT chat line (chat_message),
  // which must not reach a tier before the alert does.
  std::optional<boost::json::object> chat_line;

  // Epoch ms at which tier i is due.
  int64_t due_at(size_t i) const { return posted_at_ms + tiers[i].delay_ms; }
};

}  // namespace tc::api
