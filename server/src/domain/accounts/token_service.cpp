#include "domain/accounts/token_service.hpp"

#include <jwt/jwt.hpp>

#include <chrono>

namespace tc::domain {
namespace {

constexpr const char* kIssuer = "tradecast";
constexpr size_t kMaxTokenBytes = 8192;
constexpr size_t kMaxIssuerBytes = 200;  // the external_identities key column holds 255

core::Error invalid_token() { return core::Error::unauthenticated("invalid_token", "The token is not valid"); }
core::Error expired_token() { return core::Error::unauthenticated("token_expired", "The token has expired"); }

// The `alg` of the token's header, read without trusting anything else in it.
std::optional<std::string> header_alg(const std::string& token) {
  const auto dot = token.find('.');
  if (dot == std::string::npos || dot == 0) return std::nullopt;
  try {
    const auto json = jwt::base64_uri_decode(token.data(), dot);
    const auto header = nlohmann::json::parse(json);
    if (!header.is_object() || !header.contains("alg") || !header["alg"].is_string()) return std::nullopt;
    return header["alg"].get<std::string>();
  } catch (...) {
    return std::nullopt;
  }
}

core::Error not_yet_valid() {
  return core::Error::unauthenticated("token_not_yet_valid",
                                      "The token is dated in the future (iat or nbf ahead of the server clock)");
}

// `iat` and `nbf`, when present, are NumericDates no further ahead of `now_ms` than `skew_ms`.
core::Status check_times(const nlohmann::json& payload, int64_t now_ms, int64_t skew_ms) {
  for (const char* name : {"iat", "nbf"}) {
    if (!payload.contains(name)) continue;
    const auto& v = payload[name];
    if (!v.is_number()) return invalid_token();
    const double at_ms = v.get<double>() * 1000.0;
    if (at_ms > static_cast<double>(now_ms + skew_ms)) return not_yet_valid();
  }
  return core::ok_status();
}

// `exp` at or before now (a non-number counts as expired: cpp-jwt has refused those already).
bool expired(const nlohmann::json& exp, int64_t now_ms) {
  return !exp.is_number() || exp.get<double>() * 1000.0 <= static_cast<double>(now_ms);
}

// A token must expire: `exp` present and after now, then check_times().
core::Status check_lifetime(const nlohmann::json& payload, int64_t now_ms, int64_t skew_ms) {
  if (!payload.contains("exp")) return invalid_token();
  if (expired(payload["exp"], now_ms)) return expired_token();
  return check_times(payload, now_ms, skew_ms);
}

std::optional<std::string> string_claim(const nlohmann::json& payload, const char* name) {
  if (payload.contains(name) && payload[name].is_string()) return payload[name].get<std::string>();
  return std::nullopt;
}

// Checks the signature (`alg` with `key`), then `read` makes the claims of the payload. A failure
// anywhere is an answer, never an exception: cpp-jwt's own expiry and nbf checks give
// token_expired / token_not_yet_valid, anything else invalid_token.
template <class Read>
core::Result<TokenClaims> decode_verified(const std::string& token, const char* alg, const std::string& key,
                                          uint32_t leeway_s, Read read) {
  try {
    auto dec = jwt::decode(token, jwt::params::algorithms({alg}), jwt::params::secret(key), jwt::params::verify(true),
                           jwt::params::leeway(leeway_s));
    return read(dec.payload().create_json_obj());
  } catch (const jwt::TokenExpiredError&) {
    return expired_token();
  } catch (const jwt::ImmatureSignatureError&) {
    return not_yet_valid();
  } catch (const std::exception&) {
    return invalid_token();
  }
}

}  // namespace

TokenService::TokenService(const core::Clock& clock, TokenSettings settings)
    : clock_(clock), settings_(std::move(settings)) {}

// cpp-jwt checks `nbf` (and `exp`) against the system clock itself; give it our skew so the decision
// is ours: check_times() for iat/nbf, expired() for exp, both against the injected clock.
uint32_t TokenService::leeway_s() const { return static_cast<uint32_t>(settings_.max_clock_skew_ms / 1000); }

TokenService::Issued TokenService::issue(const Identity& who) const {
  const int64_t now_s = clock_.now_ms() / 1000;
  const int64_t exp_s = now_s + settings_.ttl_ms / 1000;
  jwt::jwt_object obj{jwt::params::algorithm("HS256"), jwt::params::secret(settings_.hs256_secret)};
  obj.add_claim("iss", kIssuer).add_claim("sub", who.user_id).add_claim("name", who.username);
  obj.payload().add_claim("iat", now_s);
  obj.payload().add_claim("exp", exp_s);
  return {obj.signature(), exp_s * 1000};
}

core::Result<TokenClaims> TokenService::verify(std::string_view token) const {
  if (token.empty() || token.size() > kMaxTokenBytes) return invalid_token();
  const std::string t(token);
  const auto alg = header_alg(t);
  if (!alg) return invalid_token();
  if (*alg == "HS256") return verify_hs256(t);
  if (*alg == "RS256" && settings_.rs256_public_pem) return verify_rs256(t);
  return invalid_token();
}

core::Result<TokenClaims> TokenService::verify_hs256(const std::string& token) const {
  return decode_verified(token, "HS256", settings_.hs256_secret, leeway_s(),
                         [&](const nlohmann::json& p) -> core::Result<TokenClaims> {
                           if (string_claim(p, "iss") != kIssuer) return invalid_token();
                           auto sub = string_claim(p, "sub");
                           auto name = string_claim(p, "name");
                           if (!sub || !name) return invalid_token();
                           // Expiry against our clock too (cpp-jwt checks the system clock).
                           if (auto t = check_lifetime(p, clock_.now_ms(), settings_.max_clock_skew_ms); !t) {
                             return t.error();
                           }
                           return TokenClaims{*sub, *name, false, kIssuer};
                         });
}

core::Result<TokenClaims> TokenService::verify_rs256(const std::string& token) const {
  return decode_verified(token, "RS256", *settings_.rs256_public_pem, leeway_s(),
                         [&](const nlohmann::json& p) -> core::Result<TokenClaims> {
                           if (!settings_.external_issuer.empty() &&
                               string_claim(p, "iss") != settings_.external_issuer) {
                             return invalid_token();
                           }
                           if (auto t = check_lifetime(p, clock_.now_ms(), settings_.max_clock_skew_ms); !t)
                             return t.error();
                           auto sub = string_claim(p, "sub");
                           if (!sub || sub->empty() || sub->size() > 64) return invalid_token();
                           auto iss = string_claim(p, "iss").value_or("");
                           if (iss.size() > kMaxIssuerBytes) return invalid_token();
                           auto name = string_claim(p, "preferred_username");
                           if (!name) name = string_claim(p, "username");
                           if (!name) name = string_claim(p, "name");
                           return TokenClaims{*sub, name.value_or(*sub), true, std::move(iss)};
                         });
}

}  // namespace tc::domain
