#pragma once
// Trade alerts on the `/streaming` namespace (issue 13): `post_alert` and `update_alert` (ack
// {ok:true, alert} or {ok:false, error}), and for every alert posted or updated, whichever way it came
// in (Socket.IO or REST), `alert` / `alert_updated` and the ALERT chat line through the AlertPublisher.
#include <memory>
#include <optional>

#include "api/context/api_context.hpp"
#include "api/events/streaming/alert_publisher.hpp"
#include "domain/accounts/identity.hpp"
#include "domain/alerts/alert_service.hpp"
#include "realtime/socketio/namespace.hpp"

namespace tc::api {

class AlertEvents final : public domain::AlertListener {
 public:
  AlertEvents(ApiContext& ctx, domain::AlertService& alerts, AlertPublisher& publisher)
      : ctx_(ctx), alerts_(alerts), publisher_(publisher) {}

  // Socket strand. `who` is the socket's identity (from CONNECT). Payloads: post_alert {stream_id,
  // …the alert's fields}, update_alert {alert_id, kind, price?, share_pct?, note?, idempotency_key}.
  void post_alert(const std::shared_ptr<realtime::socketio::Socket>& socket, realtime::socketio::Event event,
                  const std::optional<domain::Identity>& who);
  void update_alert(const std::shared_ptr<realtime::socketio::Socket>& socket, realtime::socketio::Event event,
                    const std::optional<domain::Identity>& who);

  // AlertListener: the DB pool thread, right after the commit.
  void on_alert_posted(const domain::PostOutcome& posted) override;
  void on_alert_updated(const domain::UpdateOutcome& updated) override;

 private:
  ApiContext& ctx_;               // borrowed, outlives us
  domain::AlertService& alerts_;  // borrowed
  AlertPublisher& publisher_;     // borrowed
};

}  // namespace tc::api
