// Tips: POST /api/v1/streaming/:id/tips pays a live streamer; GET sums a stream's tips from the
// ledger. The same TipService serves the Socket.IO `send_tip` event.
#include "api/json/json_fields.hpp"
#include "api/json/money_json.hpp"
#include "api/rest/replies.hpp"
#include "api/rest/routes.hpp"
#include "api/rest/signed_in.hpp"

namespace tc::api {

void add_tip_routes(net::Router& router, ApiContext& ctx, MoneyContext& money) {
  router.add("POST", "/api/v1/streaming/:id/tips",
             boundary([&ctx, &money](HttpRequest& req) -> awaitable<HttpResponse> {
               auto call = co_await signed_in_body(req, ctx, money.currency());
               if (!call) co_return error_reply(call.error());
               auto amount = amount_cents_field(call->body, true);
               if (!amount) co_return error_reply(amount.error());
               auto message = optional_string(call->body, "message");
               if (!message) co_return error_reply(message.error());
               auto key = required_string(call->body, "idempotency_key");
               if (!key) co_return error_reply(key.error());
               domain::TipInput in{req.param("id"), *amount, *message, *key};
               auto r = co_await run_for_caller(ctx, call->who, [&] { return money.tips.send(call->who, in); });
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
                                                             {"currency", money.currency()}});
             }));
}

}  // namespace tc::api
