#include "api/events/streaming/tip_events.hpp"

#include <boost/json/array.hpp>

#include "api/events/event_boundary.hpp"
#include "api/json/json_fields.hpp"
#include "api/json/money_json.hpp"
#include "api/json/stream_json.hpp"
#include "core/module_logger.hpp"

namespace tc::api {
namespace json = boost::json;
using realtime::socketio::Event;
using realtime::socketio::Socket;

namespace {

constexpr size_t kMaxStreamId = 64;

const core::ModuleLogger log("api.events.tips");

}  // namespace

void TipEvents::send_tip(const std::shared_ptr<Socket>& socket, Event event,
                         const std::optional<domain::Identity>& who) {
  if (!who) {
    return reply_error(*socket, event, core::Error::unauthenticated("not_authenticated", "Sign in to tip"));
  }
  auto payload = event_object(event);
  if (!payload) return reply_error(*socket, event, payload.error());
  auto stream_id = string_field(**payload, "stream_id", kMaxStreamId);
  if (!stream_id) return reply_error(*socket, event, stream_id.error());
  if (auto c = currency_field(**payload, tips_.settings().currency); !c) return reply_error(*socket, event, c.error());
  auto amount = amount_cents_field(**payload, true);
  if (!amount) return reply_error(*socket, event, amount.error());
  auto message = optional_string(**payload, "message");
  if (!message) return reply_error(*socket, event, message.error());
  auto key = required_string(**payload, "idempotency_key");
  if (!key) return reply_error(*socket, event, key.error());

  domain::TipInput in{std::move(*stream_id), *amount, std::move(*message), std::move(*key)};
  run_on_pool<domain::TipOutcome>(
      ctx_.db_pool, socket, std::move(event),
      [this, who = *who, in = std::move(in)]() -> core::Result<domain::TipOutcome> {
        // An external issuer's user gets a local row before paying anything.
        if (auto u = ctx_.accounts.user_for(who); !u) return u.error();
        return tips_.send(who, in);
      },
      [socket](const Event& event, const domain::TipOutcome& out) {
        if (!socket->connected()) return;  // paid; a retry with the key will tell the client
        auto tip = tip_json(out.tip);
        socket->emit("tip_sent", json::array{tip});
        reply_ok(*socket, event, {{"tip", std::move(tip)}});
      });
}

void TipEvents::on_tip(const domain::TipOutcome& out, const std::string& chat_message_id) {
  try {
    const auto& t = out.tip;
    store::MessageRow m;
    m.message_id = chat_message_id;
    m.stream_id = t.stream_id;
    m.user_id = t.from_user_id;
    m.username = out.from_username;
    m.message = t.message.value_or("");
    m.message_type = "TIP";
    m.tip_amount_cents = t.amount_cents;
    m.created_at = t.created_at;
    chat_.remember(m);  // joiners get it in recent_messages

    json::value message = nullptr;
    if (t.message) message = *t.message;
    relay_.broadcast(t.stream_id, "tip_received",
                     json::array{json::object{{"tip_id", t.tip_id},
                                              {"stream_id", t.stream_id},
                                              {"from_user", t.from_user_id},
                                              {"username", out.from_username},
                                              {"amount_cents", t.amount_cents},
                                              {"message", message},
                                              {"created_at", t.created_at}}});
    auto line = message_json(m);
    line["badge"] = nullptr;
    relay_.chat_message(t.stream_id, line);
  } catch (const std::exception& e) {
    // The tip is paid and stored; only the live notification is lost (history still shows it).
    log()->warn("msg=\"tip broadcast failed\" tip={} error=\"{}\"", out.tip.tip_id, e.what());
  }
}

}  // namespace tc::api
