#pragma once
// Who a REST request acts as: `Authorization: Bearer <token>` → verified claims → resolve_identity()
// (api/context/identity_check.hpp, shared with the socket's CONNECT).
#include <boost/asio/awaitable.hpp>

#include <optional>

#include "api/context/api_context.hpp"
#include "core/error.hpp"
#include "domain/accounts/identity.hpp"
#include "domain/accounts/token_service.hpp"
#include "net/http_message.hpp"

namespace tc::api {

// The caller's identity. Errors (all 401): not_authenticated (no header), invalid_token,
// token_expired, token_not_yet_valid, user_not_found. On a cache miss it waits for the DB pool.
boost::asio::awaitable<core::Result<domain::Identity>> authenticate(const net::HttpRequest& req, ApiContext& ctx);

// For public reads that answer by who asks (an alert's release tier): nullopt without an
// Authorization header (anonymous), else authenticate()'s answer — a bad token is 401, not anonymous.
boost::asio::awaitable<core::Result<std::optional<domain::Identity>>> authenticate_optional(const net::HttpRequest& req,
                                                                                            ApiContext& ctx);

// Only the token's signature and times, from the headers and without the database: for hooks that
// must answer at once (an upload refused before its body is read). The handler still authenticate()s.
core::Result<domain::TokenClaims> bearer_claims(const net::HttpRequest& req, const domain::TokenService& tokens);

}  // namespace tc::api
