// Wallet: balance, statement, operator deposits, payouts (requested by users, decided by the
// operator). Operator endpoints take `X-Operator-Key` and are off when no key is configured.
#include <openssl/crypto.h>

#include "api/json/json_values.hpp"
#include "api/json/json_fields.hpp"
#include "api/json/money_json.hpp"
#include "api/rest/authenticator.hpp"
#include "api/rest/replies.hpp"
#include "api/rest/request_params.hpp"
#include "api/rest/routes.hpp"
#include "api/rest/signed_in.hpp"

namespace tc::api {
namespace {

// Errors: operator_api_disabled (403, no key configured), invalid_operator_key (401).
core::Status check_operator(const HttpRequest& req, const core::Config& cfg) {
  if (cfg.operator_key.empty()) {
    return core::Error{core::ErrorKind::forbidden, "operator_api_disabled",
                       "The operator API is off: start the server with --operator-key"};
  }
  const auto* key = req.header("x-operator-key");
  // Constant-time comparison: the key must not leak through response timing.
  if (!key || key->size() != cfg.operator_key.size() ||
      CRYPTO_memcmp(key->data(), cfg.operator_key.data(), key->size()) != 0) {
    return core::Error::unauthenticated("invalid_operator_key", "X-Operator-Key is missing or wrong");
  }
  return core::ok_status();
}

}  // namespace

void add_wallet_routes(net::Router& router, ApiContext& ctx, MoneyContext& money) {
  router.add("GET", "/api/v1/wallet", boundary([&ctx, &money](HttpRequest& req) -> awaitable<HttpResponse> {
               auto who = co_await authenticate(req, ctx);
               if (!who) co_return error_reply(who.error());
               auto w = co_await ctx.db_pool.run([&] { return money.ledger.wallet(*who); });
               co_return json_reply(200,
                                    boost::json::object{{"balance_cents", w.balance_cents},
                                                        {"currency", w.currency},
                                                        {"tips_earned_cents", w.tips_earned_cents},
                                                        {"subscriptions_earned_cents", w.subscriptions_earned_cents}});
             }));

  router.add("GET", "/api/v1/wallet/transactions",
             boundary([&ctx, &money](HttpRequest& req) -> awaitable<HttpResponse> {
               auto who = co_await authenticate(req, ctx);
               if (!who) co_return error_reply(who.error());
               auto limit = int_query(req, "limit", 1, domain::LedgerService::kStatementMax);
               if (!limit) co_return error_reply(limit.error());
               const auto cursor = string_query(req, "cursor");
               auto page = co_await ctx.db_pool.run([&] { return money.ledger.transactions(*who, *limit, cursor); });
               if (!page) co_return error_reply(page.error());
               co_return json_reply(200,
                                    boost::json::object{{"transactions", json_array(page->lines, statement_line_json)},
                                                        {"next_cursor", nullable(page->next_cursor)},
                                                        {"currency", money.currency()}});
             }));

  router.add("POST", "/api/v1/wallet/deposits", boundary([&ctx, &money](HttpRequest& req) -> awaitable<HttpResponse> {
               if (auto s = check_operator(req, ctx.config); !s) co_return error_reply(s.error());
               auto body = money_body(req, money.currency());
               if (!body) co_return error_reply(body.error());
               auto user = required_string(*body, "user_id");
               if (!user) co_return error_reply(user.error());
               auto amount = amount_cents_field(*body);
               if (!amount) co_return error_reply(amount.error());
               auto key = required_string(*body, "idempotency_key");
               if (!key) co_return error_reply(key.error());
               domain::DepositInput in{*user, *amount, *key, "operator"};
               auto r = co_await ctx.db_pool.run([&] { return money.ledger.deposit(in, false); });
               if (!r) co_return error_reply(r.error());
               auto reply =
                   json_reply(201, boost::json::object{{"deposit",
                                                        boost::json::object{{"transfer_id", r->transfer.transfer_id},
                                                                            {"user_id", r->user_id},
                                                                            {"amount_cents", r->transfer.amount_cents},
                                                                            {"currency", r->transfer.currency},
                                                                            {"created_at", r->transfer.created_at}}},
                                                       {"balance_cents", r->balance_cents}});
               if (r->replayed) reply.with_header("Idempotent-Replayed", "true");
               co_return reply;
             }));

  router.add("POST", "/api/v1/wallet/payouts", boundary([&ctx, &money](HttpRequest& req) -> awaitable<HttpResponse> {
               auto call = co_await signed_in_body(req, ctx, money.currency());
               if (!call) co_return error_reply(call.error());
               auto amount = amount_cents_field(call->body);
               if (!amount) co_return error_reply(amount.error());
               auto key = optional_string(call->body, "idempotency_key");
               if (!key) co_return error_reply(key.error());
               auto r = co_await run_for_caller(ctx, call->who,
                                                [&] { return money.ledger.request_payout(call->who, *amount, *key); });
               if (!r) co_return error_reply(r.error());
               co_return json_reply(201, boost::json::object{{"payout", payout_json(*r)}});
             }));

  router.add("GET", "/api/v1/wallet/payouts", boundary([&ctx, &money](HttpRequest& req) -> awaitable<HttpResponse> {
               // With X-Operator-Key (and no Bearer token): every payout, filtered by ?status=.
               if (req.header("x-operator-key") && !req.header("authorization")) {
                 if (auto s = check_operator(req, ctx.config); !s) co_return error_reply(s.error());
                 const auto status = string_query(req, "status");
                 auto r = co_await ctx.db_pool.run([&] { return money.ledger.payouts_with_status(status); });
                 if (!r) co_return error_reply(r.error());
                 co_return json_reply(200, boost::json::object{{"payouts", json_array(*r, payout_json)}});
               }
               auto who = co_await authenticate(req, ctx);
               if (!who) co_return error_reply(who.error());
               auto rows = co_await ctx.db_pool.run([&] { return money.ledger.payouts_of(*who); });
               co_return json_reply(200, boost::json::object{{"payouts", json_array(rows, payout_json)}});
             }));

  for (const auto& [path, status] : {std::pair<const char*, const char*>{"/api/v1/wallet/payouts/:id/paid", "PAID"},
                                     {"/api/v1/wallet/payouts/:id/rejected", "REJECTED"}}) {
    router.add("POST", path,
               boundary([&ctx, &money, status = std::string(status)](HttpRequest& req) -> awaitable<HttpResponse> {
                 if (auto s = check_operator(req, ctx.config); !s) co_return error_reply(s.error());
                 const std::string& decision = status;
                 auto r =
                     co_await ctx.db_pool.run([&] { return money.ledger.decide_payout(req.param("id"), decision); });
                 if (!r) co_return error_reply(r.error());
                 co_return json_reply(200, boost::json::object{{"payout", payout_json(*r)}});
               }));
  }
}

}  // namespace tc::api
