// Channels: prices (set by the streamer), subscriber counts, and the caller's subscription.
#include "api/json/json_values.hpp"
#include "api/json/json_fields.hpp"
#include "api/json/money_json.hpp"
#include "api/rest/authenticator.hpp"
#include "api/rest/replies.hpp"
#include "api/rest/routes.hpp"
#include "api/rest/signed_in.hpp"

namespace tc::api {
namespace {

// A price field: absent or null withdraws the tier; else an integer number of cents.
core::Result<std::optional<int64_t>> price_field(const boost::json::object& o, const char* name) {
  const auto* v = o.if_contains(name);
  if (!v || v->is_null()) return std::optional<int64_t>{};
  if (!v->is_int64()) {
    return core::Error::invalid("invalid_price", std::string(name) + " must be an integer number of cents or null");
  }
  return std::optional<int64_t>(v->as_int64());
}

}  // namespace

void add_subscription_routes(net::Router& router, ApiContext& ctx, MoneyContext& money) {
  router.add("PUT", "/api/v1/channels/:streamer_id/prices",
             boundary([&ctx, &money](HttpRequest& req) -> awaitable<HttpResponse> {
               auto call = co_await signed_in_body(req, ctx, money.currency());
               if (!call) co_return error_reply(call.error());
               auto basic = price_field(call->body, "basic_cents");
               if (!basic) co_return error_reply(basic.error());
               auto premium = price_field(call->body, "premium_cents");
               if (!premium) co_return error_reply(premium.error());
               auto r = co_await run_for_caller(ctx, call->who, [&] {
                 return money.subscriptions.set_prices(call->who, req.param("streamer_id"), *basic, *premium);
               });
               if (!r) co_return error_reply(r.error());
               co_return json_reply(200,
                                    boost::json::object{
                                        {"prices", boost::json::object{{"basic_cents", nullable(r->basic_cents)},
                                                                       {"premium_cents", nullable(r->premium_cents)},
                                                                       {"currency", money.currency()}}}});
             }));

  router.add("GET", "/api/v1/channels/:streamer_id",
             boundary([&ctx, &money](HttpRequest& req) -> awaitable<HttpResponse> {
               auto r = co_await ctx.db_pool.run([&] { return money.subscriptions.channel(req.param("streamer_id")); });
               if (!r) co_return error_reply(r.error());
               const auto& c = r->subscribers;
               co_return json_reply(
                   200,
                   boost::json::object{
                       {"channel",
                        boost::json::object{{"streamer_id", r->streamer_id},
                                            {"currency", money.currency()},
                                            {"prices", boost::json::object{{"BASIC", nullable(r->basic_cents)},
                                                                           {"PREMIUM", nullable(r->premium_cents)}}},
                                            {"subscribers",
                                             boost::json::object{{"FREE", c.free},
                                                                 {"BASIC", c.basic},
                                                                 {"PREMIUM", c.premium},
                                                                 {"total", c.free + c.basic + c.premium}}}}}});
             }));

  router.add("POST", "/api/v1/channels/:streamer_id/subscription",
             boundary([&ctx, &money](HttpRequest& req) -> awaitable<HttpResponse> {
               auto call = co_await signed_in_body(req, ctx, money.currency());
               if (!call) co_return error_reply(call.error());
               auto tier = required_string(call->body, "tier");
               if (!tier) co_return error_reply(tier.error());
               auto r = co_await run_for_caller(ctx, call->who, [&] {
                 return money.subscriptions.subscribe(call->who, req.param("streamer_id"), *tier);
               });
               if (!r) co_return error_reply(r.error());
               co_return json_reply(r->created ? 201 : 200,
                                    boost::json::object{{"subscription", subscription_json(r->subscription)},
                                                        {"charged_cents", r->charged_cents}});
             }));

  router.add("GET", "/api/v1/channels/:streamer_id/subscription",
             boundary([&ctx, &money](HttpRequest& req) -> awaitable<HttpResponse> {
               auto who = co_await authenticate(req, ctx);
               if (!who) co_return error_reply(who.error());
               auto r = co_await ctx.db_pool.run(
                   [&] { return money.subscriptions.mine_for(*who, req.param("streamer_id")); });
               if (!r) co_return error_reply(r.error());
               co_return json_reply(200, boost::json::object{{"subscription", subscription_json(*r)}});
             }));

  router.add("DELETE", "/api/v1/channels/:streamer_id/subscription",
             boundary([&ctx, &money](HttpRequest& req) -> awaitable<HttpResponse> {
               auto who = co_await authenticate(req, ctx);
               if (!who) co_return error_reply(who.error());
               auto r =
                   co_await ctx.db_pool.run([&] { return money.subscriptions.cancel(*who, req.param("streamer_id")); });
               if (!r) co_return error_reply(r.error());
               boost::json::value sub = nullptr;
               if (*r) sub = subscription_json(**r);
               co_return json_reply(200, boost::json::object{{"subscription", std::move(sub)}});
             }));

  router.add("GET", "/api/v1/subscriptions", boundary([&ctx, &money](HttpRequest& req) -> awaitable<HttpResponse> {
               auto who = co_await authenticate(req, ctx);
               if (!who) co_return error_reply(who.error());
               auto rows = co_await ctx.db_pool.run([&] { return money.subscriptions.mine(*who); });
               co_return json_reply(200, boost::json::object{{"subscriptions", json_array(rows, subscription_json)}});
             }));
}

}  // namespace tc::api
