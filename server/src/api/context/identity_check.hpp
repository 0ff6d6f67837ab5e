#pragma once
// Token claims → the identity that acts: the one check REST (api/rest/authenticator) and the
// /streaming socket's CONNECT (api/events) share (issue 12). The rules are IdentityResolver's
// (domain/accounts/identity_resolver.hpp): a local token's user must exist (401 user_not_found), an
// external token's issuer + subject map to their own user. A cached identity answers on the calling
// thread; a miss resolves on the DB pool (a core::Refusal propagates: the caller answers server_busy or db_unavailable)
// and resumes on the caller's executor.
#include <boost/asio/awaitable.hpp>

#include "api/context/api_context.hpp"
#include "domain/accounts/identity.hpp"

namespace tc::api {

inline boost::asio::awaitable<core::Result<domain::Identity>> resolve_identity(ApiContext& ctx,
                                                                               domain::TokenClaims claims) {
  auto& identities = ctx.accounts.identities();
  if (auto hit = identities.cached(claims)) co_return std::move(*hit);
  co_return co_await ctx.db_pool.run([&] { return identities.resolve_identity(claims); });
}

}  // namespace tc::api
