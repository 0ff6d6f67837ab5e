#include "api/rest/authenticator.hpp"

#include "api/context/identity_check.hpp"

namespace tc::api {

core::Result<domain::TokenClaims> bearer_claims(const net::HttpRequest& req, const domain::TokenService& tokens) {
  const auto* h = req.header("authorization");
  if (!h || h->empty()) {
    return core::Error::unauthenticated("not_authenticated", "Sign in first: this needs a Bearer token");
  }
  std::string_view v(*h);
  if (v.size() < 7 || (v.substr(0, 7) != "Bearer " && v.substr(0, 7) != "bearer ")) {
    return core::Error::unauthenticated("invalid_token", "Use an Authorization: Bearer <token> header");
  }
  return tokens.verify(v.substr(7));
}

boost::asio::awaitable<core::Result<domain::Identity>> authenticate(const net::HttpRequest& req, ApiContext& ctx) {
  auto claims = bearer_claims(req, ctx.tokens);
  if (!claims) co_return claims.error();
  co_return co_await resolve_identity(ctx, std::move(*claims));
}

boost::asio::awaitable<core::Result<std::optional<domain::Identity>>> authenticate_optional(const net::HttpRequest& req,
                                                                                            ApiContext& ctx) {
  if (!req.header("authorization")) co_return std::optional<domain::Identity>{};
  auto who = co_await authenticate(req, ctx);
  if (!who) co_return who.error();
  co_return std::optional<domain::Identity>(std::move(*who));
}

}  // namespace tc::api
