#pragma once
// How trade-alert events reach a stream's viewers (issue 13): the one seam between accepting an alert
// (AlertService, its listener AlertEvents) and delivering it. TierAlertPublisher, the per-tier timed
// release (fair release by tier), implements it in StreamingNamespace: for each tier T it sends
// encode(T) to that tier's sockets at release_at(event_at, delays, T)
// (domain/alerts/alert_release.hpp). docs/alerts.md says where this is.
#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "domain/alerts/alert_release.hpp"

namespace tc::api {

struct AlertDelivery {
  std::string stream_id;
  std::string streamer_id;
  std::string alert_id;
  std::string event_name;        // "alert" (payload: the alert) | "alert_updated" ({alert, update})
  int64_t event_at = 0;          // the post's posted_at, or the update's at
  domain::ReleaseDelays delays;  // the alert's own (the channel's settings when it was posted)
  // The payload as a viewer of that tier sees it (released_at differs per tier).
  std::function<boost::json::object(domain::Tier)> encode;
  // A post's ALERT chat line, as `chat_message` carries it (released with the alert).
  std::optional<boost::json::object> chat_line;
};

class AlertPublisher {
 public:
  virtual ~AlertPublisher() = default;
  // Any thread (the DB pool's, right after the commit); must not block or throw.
  virtual void publish(const AlertDelivery& delivery) = 0;
};

}  // namespace tc::api
