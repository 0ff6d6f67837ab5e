#pragma once
// Fair release by tier (issue 13): when an alert event becomes visible to a viewer. The one rule every
// read path (REST lists, the log, the track record, chat history, joined_stream) and the timed
// release engine share:
//   release instant for tier T = event instant + release_delays[T]
// where the delays are the channel's settings at the time the alert was posted (stored with it), so
// an alert's updates follow its own delays. The streamer sees everything at once. Pure.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tc::domain {

// A viewer's standing on a channel: PREMIUM / BASIC from an active paid subscription, else FREE
// (followers and anonymous viewers); the channel's own streamer is `owner`.
enum class Tier { free, basic, premium, owner };

inline constexpr int kMaxReleaseDelaySeconds = 900;

struct ReleaseDelays {
  int premium_s = 0;
  int basic_s = 0;
  int free_s = 60;
  friend bool operator==(const ReleaseDelays&, const ReleaseDelays&) = default;
};

// "PREMIUM" | "BASIC" | "FREE" (owner: "OWNER").
const char* tier_name(Tier t);
// From a subscription badge (SubscriptionService::badge_for: "FREE", "BASIC", "PREMIUM" or none).
Tier tier_from_badge(const std::optional<std::string>& badge);

// The delay in ms for `tier` (0 for the owner).
int64_t release_delay_ms(const ReleaseDelays& delays, Tier tier);
// The instant (epoch ms) an event of `event_at` reaches `tier`.
inline int64_t release_at(int64_t event_at, const ReleaseDelays& delays, Tier tier) {
  return event_at + release_delay_ms(delays, tier);
}
inline bool is_released(int64_t event_at, const ReleaseDelays& delays, Tier tier, int64_t now) {
  return release_at(event_at, delays, tier) <= now;
}

}  // namespace tc::domain
