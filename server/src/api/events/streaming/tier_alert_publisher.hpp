#pragma once
// The AlertPublisher of the fair release by tier (issue 13): every alert event goes through the
// release engine (tier_release.hpp) — PREMIUM, BASIC and FREE each at event_at + the alert's own
// delay for the tier, the streamer at once, the ALERT chat line in the same pass as its alert.
//
// Threads: publish() on the DB pool thread right after the commit (AlertListener); it encodes the
// per-tier payloads there and hands them to the engine, which never blocks.
#include "api/events/streaming/alert_publisher.hpp"
#include "api/events/streaming/tier_release.hpp"

namespace tc::api {

class TierAlertPublisher final : public AlertPublisher {
 public:
  explicit TierAlertPublisher(TierRelease& release) : release_(release) {}
  void publish(const AlertDelivery& delivery) override;

 private:
  TierRelease& release_;  // borrowed, outlives us
};

}  // namespace tc::api
