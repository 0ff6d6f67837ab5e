// Tips: POST /api/v1/streaming/:id/tips pays a live streamer; GET sums a stream's tips from the
// ledger. The same TipService serves the Socket.IO `send_tip` event.
#include "api/rest/authenticator.hpp"
#include "api/rest/json_body.hpp"
#include "api/json/money_json.hpp"
#include "api/rest/replies.hpp"
#include "api/rest/routes.hpp"

namespace tc::api {
using boost::asio::awaitable;
using net::HttpRequest;
using net::HttpResponse;

void add_tip_routes(net::Router& router, ApiContext& ctx, MoneyContext& money) {
  router.add("POST", "/api/v1/streaming/:id/tips",
             boundary([&ctx, &money](HttpRequest& req) -> awaitable<HttpResponse> {
               auto who = co_await authenticate(req, ctx);
               if (!who) co_return error_reply(who.error());
               auto body = parse_json_object(req);
               if (!body) co_return error_reply(body.error());
               if (auto c = currency_field(*body, money.tips.settings().currency); !c) co_return error_reply(c.error());
               auto amount = amount_cents_field(*body, true);
               if (!amount) co_return error_reply(amount.error());
               auto message = optional_string(*body, "message");
               if (!message) co_return error_reply(message.error());
               auto key = required_string(*body, "idempotency_key");
               if (!key) co_return error_reply(key.error());
               domain::TipInput in{req.param("id"), *amount, *message, *key};
               auto r = co_await ctx.db_pool.run([&]() -> core::Result<domain::TipOutcome> {
                 if (auto u = ctx.accounts.user_for(*who); !u) return u.error();
                 return money.tips.send(*who, in);
               });
               if (!r) co_return error_reply(r.error());
               auto reply = json_reply(201, boost::json::object{{"tip", tip_json(r->tip)}});
               if (r->replayed) reply.with_header("Idempotent-Replayed", "true");
               co_return reply;
             }));

  router.add("GET", "/api/v1/streaming/:id/tips", boundary([&ctx, &money](HttpRequest& req) -> awaitable<HttpResponse> {
               auto r = co_await ctx.db_pool.run([&]() -> core::Result<store::TipTotals> {
                 auto s = ctx.streams.get(req.param("id"));
                 if (!s) return s.error();
                 return money.tips.stream_totals(req.param("id"));
               });
               if (!r) co_return error_reply(r.error());
               co_return json_reply(200, boost::json::object{{"stream_id", req.param("id")},
                                                             {"total_tips_cents", r->total_cents},
                                                             {"tips_count", r->count},
                                                             {"fees_cents", r->fee_cents},
                                                             {"currency", money.tips.settings().currency}});
             }));
}

}  // namespace tc::api
