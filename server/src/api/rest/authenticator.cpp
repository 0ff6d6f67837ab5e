#include "api/rest/authenticator.hpp"

namespace tc::api {

core::Result<std::optional<domain::Identity>> authenticate_optional(const net::HttpRequest& req,
                                                                    const domain::TokenService& tokens) {
  const auto* h = req.header("authorization");
  if (!h || h->empty()) return std::optional<domain::Identity>{};
  std::string_view v(*h);
  if (v.size() < 7 || (v.substr(0, 7) != "Bearer " && v.substr(0, 7) != "bearer ")) {
    return core::Error::unauthenticated("invalid_token", "Use an Authorization: Bearer <token> header");
  }
  auto who = tokens.verify(v.substr(7));
  if (!who) return who.error();
  return std::optional<domain::Identity>(std::move(*who));
}

core::Result<domain::Identity> authenticate(const net::HttpRequest& req, const domain::TokenService& tokens) {
  auto who = authenticate_optional(req, tokens);
  if (!who) return who.error();
  if (!*who) return core::Error::unauthenticated("not_authenticated", "Sign in first: this needs a Bearer token");
  return std::move(**who);
}

}  // namespace tc::api
