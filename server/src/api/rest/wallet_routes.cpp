// Wallet: balance, statement, operator deposits, payouts (requested by users, decided by the
// operator). Operator endpoints take `X-Operator-Key` and are off when no key is configured.
#include <openssl/crypto.h>

#include <charconv>

#include "api/rest/authenticator.hpp"
#include "api/rest/json_body.hpp"
#include "api/json/money_json.hpp"
#include "api/rest/replies.hpp"
#include "api/rest/routes.hpp"

namespace tc::api {
namespace {
using boost::asio::awaitable;
using net::HttpRequest;
using net::HttpResponse;

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

core::Result<std::optional<int>> limit_param(const HttpRequest& req) {
  const auto* l = req.query_param("limit");
  if (!l) return std::optional<int>{};
  int v = 0;
  auto [p, ec] = std::from_chars(l->data(), l->data() + l->size(), v);
  if (ec != std::errc() || p != l->data() + l->size())
    return core::Error::invalid("invalid_limit", "limit must be 1 to 100");
  return std::optional<int>(v);
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
               auto limit = limit_param(req);
               if (!limit) co_return error_reply(limit.error());
               std::optional<std::string> cursor;
               if (const auto* c = req.query_param("cursor")) cursor = *c;
               auto page = co_await ctx.db_pool.run([&] { return money.ledger.transactions(*who, *limit, cursor); });
               if (!page) co_return error_reply(page.error());
               boost::json::array lines;
               for (const auto& l : page->lines) lines.push_back(statement_line_json(l));
               boost::json::value next = nullptr;
               if (page->next_cursor) next = *page->next_cursor;
               co_return json_reply(200, boost::json::object{{"transactions", std::move(lines)},
                                                             {"next_cursor", next},
                                                             {"currency", money.ledger.settings().currency}});
             }));

  router.add("POST", "/api/v1/wallet/deposits", boundary([&ctx, &money](HttpRequest& req) -> awaitable<HttpResponse> {
               if (auto s = check_operator(req, ctx.config); !s) co_return error_reply(s.error());
               auto body = parse_json_object(req);
               if (!body) co_return error_reply(body.error());
               if (auto c = currency_field(*body, money.ledger.settings().currency); !c)
                 co_return error_reply(c.error());
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
               auto who = co_await authenticate(req, ctx);
               if (!who) co_return error_reply(who.error());
               auto body = parse_json_object(req);
               if (!body) co_return error_reply(body.error());
               if (auto c = currency_field(*body, money.ledger.settings().currency); !c)
                 co_return error_reply(c.error());
               auto amount = amount_cents_field(*body);
               if (!amount) co_return error_reply(amount.error());
               auto key = optional_string(*body, "idempotency_key");
               if (!key) co_return error_reply(key.error());
               auto r = co_await ctx.db_pool.run([&]() -> core::Result<store::PayoutRow> {
                 if (auto u = ctx.accounts.user_for(*who); !u) return u.error();
                 return money.ledger.request_payout(*who, *amount, *key);
               });
               if (!r) co_return error_reply(r.error());
               co_return json_reply(201, boost::json::object{{"payout", payout_json(*r)}});
             }));

  router.add("GET", "/api/v1/wallet/payouts", boundary([&ctx, &money](HttpRequest& req) -> awaitable<HttpResponse> {
               // With X-Operator-Key (and no Bearer token): every payout, filtered by ?status=.
               if (req.header("x-operator-key") && !req.header("authorization")) {
                 if (auto s = check_operator(req, ctx.config); !s) co_return error_reply(s.error());
                 std::optional<std::string> status;
                 if (const auto* st = req.query_param("status")) status = *st;
                 auto r = co_await ctx.db_pool.run([&] { return money.ledger.payouts_with_status(status); });
                 if (!r) co_return error_reply(r.error());
                 boost::json::array out;
                 for (const auto& p : *r) out.push_back(payout_json(p));
                 co_return json_reply(200, boost::json::object{{"payouts", std::move(out)}});
               }
               auto who = co_await authenticate(req, ctx);
               if (!who) co_return error_reply(who.error());
               auto rows = co_await ctx.db_pool.run([&] { return money.ledger.payouts_of(*who); });
               boost::json::array out;
               for (const auto& p : rows) out.push_back(payout_json(p));
               co_return json_reply(200, boost::json::object{{"payouts", std::move(out)}});
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
