#pragma once
// Bearer tokens. We issue HS256 tokens signed with the server secret; optionally we also accept
// RS256 tokens from an external issuer (a host trading platform's accounts). Verification pins the
// algorithm per key, so `alg:none` and HS256-signed-with-the-RSA-public-key forgeries are refused.
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "domain/accounts/identity.hpp"

namespace tc::domain {

struct TokenSettings {
  std::string hs256_secret;  // required
  int64_t ttl_ms = 7LL * 24 * 3600 * 1000;
  std::optional<std::string> rs256_public_pem;  // external issuer's key, if any
  std::string external_issuer;                  // required `iss` of external tokens when non-empty
  // How far a token's `iat` / `nbf` may lie ahead of our clock (issuer clocks drift a little; a
  // token "issued" an hour from now was minted wrongly or to outlive a revocation).
  int64_t max_clock_skew_ms = 60'000;
};

class TokenService {
 public:
  TokenService(const core::Clock& clock, TokenSettings settings);

  struct Issued {
    std::string token;
    int64_t expires_at = 0;  // epoch ms
  };
  Issued issue(const Identity& who) const;

  // The claims of a valid token; errors (all 401): invalid_token, token_expired, token_not_yet_valid
  // (`iat` or `nbf` more than max_clock_skew_ms ahead). Claims are not yet a user: resolve them with
  // IdentityResolver before acting on them.
  core::Result<TokenClaims> verify(std::string_view token) const;

 private:
  core::Result<TokenClaims> verify_hs256(const std::string& token) const;
  core::Result<TokenClaims> verify_rs256(const std::string& token) const;
  uint32_t leeway_s() const;

  const core::Clock& clock_;  // borrowed, outlives us
  TokenSettings settings_;
};

}  // namespace tc::domain
