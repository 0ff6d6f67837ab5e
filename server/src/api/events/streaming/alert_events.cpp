#include "api/events/streaming/alert_events.hpp"

#include <boost/json/array.hpp>

#include "api/events/event_boundary.hpp"
#include "api/events/streaming/socket_state.hpp"
#include "api/json/alert_json.hpp"
#include "api/json/stream_json.hpp"
#include "core/module_logger.hpp"

namespace tc::api {
namespace json = boost::json;
using realtime::socketio::Event;
using realtime::socketio::Socket;

namespace {

const core::ModuleLogger log("api.events.alerts");

core::Error signed_out() { return core::Error::unauthenticated("not_authenticated", "Sign in to post alerts"); }

}  // namespace

void AlertEvents::post_alert(const std::shared_ptr<Socket>& socket, Event event,
                             const std::optional<domain::Identity>& who) {
  if (!who) return reply_error(*socket, event, signed_out());
  auto payload = event_object(event);
  if (!payload) return reply_error(*socket, event, payload.error());
  auto stream_id = string_field(**payload, "stream_id", kMaxStreamId);
  if (!stream_id) return reply_error(*socket, event, stream_id.error());
  auto draft = decode_alert(**payload);
  if (!draft) return reply_error(*socket, event, draft.error());
  run_on_pool<domain::PostOutcome>(
      ctx_.db_pool, socket, std::move(event),
      [this, who = *who, stream_id = std::move(*stream_id),
       draft = std::move(*draft)]() -> core::Result<domain::PostOutcome> {
        if (auto u = ctx_.accounts.user_for(who); !u) return u.error();
        return alerts_.post(who, stream_id, draft);
      },
      [socket](const Event& event, const domain::PostOutcome& out) {
        if (!socket->connected()) return;  // posted; a retry with the key returns it
        reply_ok(*socket, event, {{"alert", alert_json(out.alert, domain::Tier::owner)}});
      });
}

void AlertEvents::update_alert(const std::shared_ptr<Socket>& socket, Event event,
                               const std::optional<domain::Identity>& who) {
  if (!who) return reply_error(*socket, event, signed_out());
  auto payload = event_object(event);
  if (!payload) return reply_error(*socket, event, payload.error());
  auto alert_id = string_field(**payload, "alert_id", kMaxStreamId);
  if (!alert_id) return reply_error(*socket, event, alert_id.error());
  auto draft = decode_update(**payload);
  if (!draft) return reply_error(*socket, event, draft.error());
  run_on_pool<domain::UpdateOutcome>(
      ctx_.db_pool, socket, std::move(event),
      [this, who = *who, alert_id = std::move(*alert_id),
       draft = std::move(*draft)]() -> core::Result<domain::UpdateOutcome> {
        if (auto u = ctx_.accounts.user_for(who); !u) return u.error();
        return alerts_.update(who, alert_id, draft);
      },
      [socket](const Event& event, const domain::UpdateOutcome& out) {
        if (!socket->connected()) return;
        reply_ok(*socket, event,
                 {{"alert", alert_json(out.alert, domain::Tier::owner)}, {"update", update_json(out.update)}});
      });
}

void AlertEvents::on_alert_posted(const domain::PostOutcome& posted) {
  try {
    const auto& a = posted.alert;
    auto line = message_json(posted.chat_line);
    line["badge"] = nullptr;
    publisher_.publish({a.stream_id, a.streamer_id, a.alert_id, "alert", a.posted_at, a.delays,
                        [a](domain::Tier t) { return alert_json(a, t); }, std::move(line)});
  } catch (const std::exception& e) {
    // The alert is stored and in the log; only the live notification is lost (reads still show it).
    log()->warn("msg=\"alert broadcast failed\" alert={} error=\"{}\"", posted.alert.alert_id, e.what());
  }
}

void AlertEvents::on_alert_updated(const domain::UpdateOutcome& updated) {
  try {
    const auto& a = updated.alert;
    const auto update = update_json(updated.update);
    publisher_.publish({a.stream_id, a.streamer_id, a.alert_id, "alert_updated", updated.update.at, a.delays,
                        [a, update](domain::Tier t) {
                          return json::object{{"alert", alert_json(a, t)}, {"update", update}};
                        },
                        std::nullopt});
  } catch (const std::exception& e) {
    log()->warn("msg=\"alert update broadcast failed\" alert={} error=\"{}\"", updated.alert.alert_id, e.what());
  }
}

}  // namespace tc::api
