#pragma once
#include <optional>

#include "core/error.hpp"
#include "domain/accounts/identity.hpp"
#include "domain/accounts/token_service.hpp"
#include "net/http_message.hpp"

namespace tc::api {

// The caller's identity from `Authorization: Bearer <token>`. Errors: not_authenticated (no
// header), invalid_token, token_expired — all 401.
core::Result<domain::Identity> authenticate(const net::HttpRequest& req, const domain::TokenService& tokens);

// As authenticate(), but a request without credentials is anonymous (nullopt) rather than an error;
// bad credentials are still an error.
core::Result<std::optional<domain::Identity>> authenticate_optional(const net::HttpRequest& req,
                                                                    const domain::TokenService& tokens);

}  // namespace tc::api
