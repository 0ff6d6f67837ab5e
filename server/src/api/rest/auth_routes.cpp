// POST /api/v1/auth/register, POST /api/v1/auth/login, GET /api/v1/me
#include "api/rest/authenticator.hpp"
#include "api/rest/json_body.hpp"
#include "api/rest/replies.hpp"
#include "api/rest/routes.hpp"
#include "api/json/stream_json.hpp"
#include "core/text.hpp"

namespace tc::api {
namespace {

core::Error limited(const core::RateLimiter::Decision& d) {
  return core::Error::rate_limited(static_cast<int>((d.retry_after_ms + 999) / 1000));
}

HttpResponse session_reply(int status, const domain::AuthSession& s) {
  return json_reply(status, boost::json::object{{"user", user_json(s.user)},
                                                {"token", s.token.token},
                                                {"expires_at", s.token.expires_at}});
}

struct Credentials {
  std::string username, password;
};

core::Result<Credentials> read_credentials(const HttpRequest& req) {
  auto body = parse_json_object(req);
  if (!body) return body.error();
  auto username = required_string(*body, "username");
  if (!username) return username.error();
  auto password = required_string(*body, "password");
  if (!password) return password.error();
  return Credentials{std::move(*username), std::move(*password)};
}

}  // namespace

void add_auth_routes(net::Router& router, ApiContext& ctx) {
  router.add("POST", "/api/v1/auth/register", boundary([&ctx](HttpRequest& req) -> awaitable<HttpResponse> {
               if (auto d = ctx.auth_ip_limiter.acquire(req.remote_ip); !d.allowed) co_return error_reply(limited(d));
               auto creds = read_credentials(req);
               if (!creds) co_return error_reply(creds.error());
               auto result = co_await ctx.auth_pool.run(
                   [&] { return ctx.accounts.register_user(creds->username, creds->password); });
               if (!result) co_return error_reply(result.error());
               co_return session_reply(201, *result);
             }));

  router.add("POST", "/api/v1/auth/login", boundary([&ctx](HttpRequest& req) -> awaitable<HttpResponse> {
               if (auto d = ctx.auth_ip_limiter.acquire(req.remote_ip); !d.allowed) co_return error_reply(limited(d));
               auto creds = read_credentials(req);
               if (!creds) co_return error_reply(creds.error());
               // Guessing one account's password is limited however many addresses the guesses come from.
               const auto key = core::to_lower_ascii(creds->username);
               if (auto d = ctx.login_fail_limiter.peek(key); !d.allowed) co_return error_reply(limited(d));
               auto result =
                   co_await ctx.auth_pool.run([&] { return ctx.accounts.login(creds->username, creds->password); });
               if (!result) {
                 if (result.error().code == "invalid_credentials") ctx.login_fail_limiter.acquire(key);
                 co_return error_reply(result.error());
               }
               co_return session_reply(200, *result);
             }));

  router.add("GET", "/api/v1/me", boundary([&ctx](HttpRequest& req) -> awaitable<HttpResponse> {
               auto who = co_await authenticate(req, ctx);
               if (!who) co_return error_reply(who.error());
               auto user = co_await ctx.db_pool.run([&] { return ctx.accounts.user_for(*who); });
               if (!user) co_return error_reply(user.error());
               co_return json_reply(200, boost::json::object{{"user", user_json(*user)}});
             }));
}

}  // namespace tc::api
