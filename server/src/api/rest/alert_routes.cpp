// Trade alerts (issue 13; docs/alerts.md): POST /streaming/:id/alerts and /alerts/:alert_id/updates
// (Bearer, the streamer), the channel's alert settings, and the public reads — the alert list, the
// raw log and the track record — each answering with what the caller's tier has been released
// (anonymous callers are FREE). The same AlertService serves the socket's post_alert / update_alert;
// its listener sends the room events for both.
#include "api/json/alert_json.hpp"
#include "api/json/json_values.hpp"
#include "api/rest/authenticator.hpp"
#include "api/rest/replies.hpp"
#include "api/rest/request_params.hpp"
#include "api/rest/routes.hpp"
#include "api/rest/signed_in.hpp"

namespace tc::api {

namespace {
namespace json = boost::json;

}  // namespace

void add_alert_routes(net::Router& router, ApiContext& ctx, domain::AlertService& alerts) {
  router.add("POST", "/api/v1/streaming/:id/alerts",
             boundary([&ctx, &alerts](HttpRequest& req) -> awaitable<HttpResponse> {
               auto call = co_await signed_in_body(req, ctx);
               if (!call) co_return error_reply(call.error());
               auto draft = decode_alert(call->body);
               if (!draft) co_return error_reply(draft.error());
               auto r = co_await run_for_caller(ctx, call->who,
                                                [&] { return alerts.post(call->who, req.param("id"), *draft); });
               if (!r) co_return error_reply(r.error());
               auto reply = json_reply(201, json::object{{"alert", alert_json(r->alert, domain::Tier::owner)}});
               if (r->replayed) reply.with_header("Idempotent-Replayed", "true");
               co_return reply;
             }));

  router.add("POST", "/api/v1/alerts/:alert_id/updates",
             boundary([&ctx, &alerts](HttpRequest& req) -> awaitable<HttpResponse> {
               auto call = co_await signed_in_body(req, ctx);
               if (!call) co_return error_reply(call.error());
               auto draft = decode_update(call->body);
               if (!draft) co_return error_reply(draft.error());
               auto r = co_await run_for_caller(ctx, call->who, [&] {
                 return alerts.update(call->who, req.param("alert_id"), *draft);
               });
               if (!r) co_return error_reply(r.error());
               auto reply = json_reply(201, json::object{{"alert", alert_json(r->alert, domain::Tier::owner)},
                                                         {"update", update_json(r->update)}});
               if (r->replayed) reply.with_header("Idempotent-Replayed", "true");
               co_return reply;
             }));

  router.add("GET", "/api/v1/channels/me/alert-settings",
             boundary([&ctx, &alerts](HttpRequest& req) -> awaitable<HttpResponse> {
               auto who = co_await authenticate(req, ctx);
               if (!who) co_return error_reply(who.error());
               auto s = co_await run_for_caller(ctx, *who, [&] { return alerts.settings(who->user_id); });
               if (!s) co_return error_reply(s.error());
               co_return json_reply(200, json::object{{"settings", alert_settings_json(*s)}});
             }));

  router.add("PUT", "/api/v1/channels/me/alert-settings",
             boundary([&ctx, &alerts](HttpRequest& req) -> awaitable<HttpResponse> {
               auto call = co_await signed_in_body(req, ctx);
               if (!call) co_return error_reply(call.error());
               auto change = decode_alert_settings(call->body);
               if (!change) co_return error_reply(change.error());
               auto s =
                   co_await run_for_caller(ctx, call->who, [&] { return alerts.set_settings(call->who, *change); });
               if (!s) co_return error_reply(s.error());
               co_return json_reply(200, json::object{{"settings", alert_settings_json(*s)}});
             }));

  router.add("GET", "/api/v1/channels/:streamer_id/alert-settings",
             boundary([&ctx, &alerts](HttpRequest& req) -> awaitable<HttpResponse> {
               auto s = co_await ctx.db_pool.run([&] { return alerts.settings(req.param("streamer_id")); });
               if (!s) co_return error_reply(s.error());
               co_return json_reply(200, json::object{{"settings", alert_settings_json(*s)}});
             }));

  router.add("GET", "/api/v1/channels/:streamer_id/alerts",
             boundary([&ctx, &alerts](HttpRequest& req) -> awaitable<HttpResponse> {
               auto who = co_await authenticate_optional(req, ctx);
               if (!who) co_return error_reply(who.error());
               domain::AlertListQuery q;
               auto limit = int_query(req, "limit", 1, domain::AlertService::kMaxListLimit);
               if (!limit) co_return error_reply(limit.error());
               q.limit = limit->value_or(50);
               auto from = non_negative_query(req, "from");
               if (!from) co_return error_reply(from.error());
               auto to = non_negative_query(req, "to");
               if (!to) co_return error_reply(to.error());
               q.from = *from;
               q.to = *to;
               q.symbol = string_query(req, "symbol");
               q.status = string_query(req, "status");
               q.cursor = string_query(req, "cursor");
               const auto& streamer_id = req.param("streamer_id");
               struct Page {
                 domain::AlertPage page;
                 domain::Tier tier;
               };
               auto r = co_await ctx.db_pool.run([&]() -> core::Result<Page> {
                 auto page = alerts.alerts(*who, streamer_id, q);
                 if (!page) return page.error();
                 return Page{std::move(*page), alerts.tier_of(*who, streamer_id)};
               });
               if (!r) co_return error_reply(r.error());
               const auto tier = r->tier;
               co_return json_reply(200, json::object{{"alerts", json_array(r->page.alerts,
                                                                            [tier](const auto& a) {
                                                                              return alert_json(a, tier);
                                                                            })},
                                                      {"next_cursor", nullable(r->page.next_cursor)},
                                                      {"tier", domain::tier_name(tier)}});
             }));

  router.add("GET", "/api/v1/channels/:streamer_id/alerts/log",
             boundary([&ctx, &alerts](HttpRequest& req) -> awaitable<HttpResponse> {
               auto who = co_await authenticate_optional(req, ctx);
               if (!who) co_return error_reply(who.error());
               auto after = non_negative_query(req, "after_seq");
               if (!after) co_return error_reply(after.error());
               auto limit = int_query(req, "limit", 1, domain::AlertService::kMaxLogLimit);
               if (!limit) co_return error_reply(limit.error());
               auto r = co_await ctx.db_pool.run([&] {
                 return alerts.log(*who, req.param("streamer_id"), after->value_or(0),
                                   limit->value_or(domain::AlertService::kDefaultLogLimit));
               });
               if (!r) co_return error_reply(r.error());
               co_return json_reply(200, json::object{{"events", json_array(r->events, log_entry_json)},
                                                      {"next_seq", nullable(r->next_seq)}});
             }));

  router.add("GET", "/api/v1/channels/:streamer_id/track-record",
             boundary([&ctx, &alerts](HttpRequest& req) -> awaitable<HttpResponse> {
               auto who = co_await authenticate_optional(req, ctx);
               if (!who) co_return error_reply(who.error());
               auto r = co_await ctx.db_pool.run([&] { return alerts.track_record(*who, req.param("streamer_id")); });
               if (!r) co_return error_reply(r.error());
               co_return json_reply(200, json::object{{"track_record", track_record_json(*r)}});
             }));
}

}  // namespace tc::api
