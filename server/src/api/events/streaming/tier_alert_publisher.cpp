#include "api/events/streaming/tier_alert_publisher.hpp"

#include "core/module_logger.hpp"

namespace tc::api {
namespace json = boost::json;

namespace {
const core::ModuleLogger log("api.events.alerts");

// The event's seq in the channel's log: the alert's own for a post, the update's for an update
// (the delivery audit keeps one entry per event).
int64_t seq_of(const json::object& payload, const std::string& event) {
  const json::object& holder = event == "alert_updated" ? payload.at("update").as_object() : payload;
  return holder.at("seq").to_number<int64_t>();
}
}  // namespace

void TierAlertPublisher::publish(const AlertDelivery& d) {
  try {
    TimedEvent e;
    e.stream_id = d.stream_id;
    e.streamer_id = d.streamer_id;
    e.subject = d.alert_id;
    e.event = d.event_name;
    e.posted_at_ms = d.event_at;
    auto own = d.encode(domain::Tier::owner);
    e.seq = seq_of(own, d.event_name);
    for (const auto tier : {domain::Tier::premium, domain::Tier::basic, domain::Tier::free}) {
      e.tiers.push_back(
          {domain::tier_name(tier), domain::release_delay_ms(d.delays, tier), json::array{d.encode(tier)}});
    }
    e.streamer_args = json::array{std::move(own)};
    e.chat_line = d.chat_line;
    if (auto ok = release_.publish(std::move(e)); !ok) {
      log()->warn("msg=\"alert release refused\" alert={} error=\"{}\"", d.alert_id, ok.error().message);
    }
  } catch (const std::exception& e) {
    // Stored and in the log; only the live notification is lost (reads show it at its instants).
    log()->warn("msg=\"alert release failed\" alert={} error=\"{}\"", d.alert_id, e.what());
  }
}

}  // namespace tc::api
