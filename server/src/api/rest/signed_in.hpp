#pragma once
// The steps most write routes begin with, in one order for all of them, so that a request wrong in
// two ways gets the same error from every route: who calls (401), then the body (400), then the
// currency a money body names (400); and the check that the caller's user row still exists before
// money moves.
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <optional>
#include <string_view>
#include <type_traits>

#include "api/context/api_context.hpp"
#include "core/error.hpp"
#include "domain/accounts/identity.hpp"
#include "net/http_message.hpp"

namespace tc::api {

struct SignedInBody {
  domain::Identity who;
  boost::json::object body;
};

// A JSON object body whose `currency`, when given, is `currency` (parse_json_object, currency_field).
core::Result<boost::json::object> money_body(const net::HttpRequest& req, std::string_view currency);

// authenticate(), then the body: money_body() when `currency` is given, else parse_json_object().
boost::asio::awaitable<core::Result<SignedInBody>> signed_in_body(
    const net::HttpRequest& req, ApiContext& ctx, std::optional<std::string_view> currency = std::nullopt);

// Runs `fn` on the DB pool once the caller's user row is there (accounts.user_for; 401
// user_not_found): a token can outlive its user, and money must not move for a deleted one.
template <class Fn>
auto run_for_caller(ApiContext& ctx, const domain::Identity& who, Fn fn)
    -> boost::asio::awaitable<std::invoke_result_t<Fn&>> {
  co_return co_await ctx.db_pool.run([&]() -> std::invoke_result_t<Fn&> {
    if (auto u = ctx.accounts.user_for(who); !u) return u.error();
    return fn();
  });
}

}  // namespace tc::api
