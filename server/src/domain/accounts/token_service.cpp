#include "domain/accounts/token_service.hpp"

#include <jwt/jwt.hpp>

#include <chrono>

namespace tc::domain {
namespace {

constexpr const char* kIssuer = "tradecast";
constexpr size_t kMaxTokenBytes = 8192;

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

std::optional<std::string> string_claim(const nlohmann::json& payload, const char* name) {
  if (payload.contains(name) && payload[name].is_string()) return payload[name].get<std::string>();
  return std::nullopt;
}

}  // namespace

TokenService::TokenService(const core::Clock& clock, TokenSettings settings)
    : clock_(clock), settings_(std::move(settings)) {}

TokenService::Issued TokenService::issue(const Identity& who) const {
  const int64_t now_s = clock_.now_ms() / 1000;
  const int64_t exp_s = now_s + settings_.ttl_ms / 1000;
  jwt::jwt_object obj{jwt::params::algorithm("HS256"), jwt::params::secret(settings_.hs256_secret)};
  obj.add_claim("iss", kIssuer).add_claim("sub", who.user_id).add_claim("name", who.username);
  obj.payload().add_claim("iat", now_s);
  obj.payload().add_claim("exp", exp_s);
  return {obj.signature(), exp_s * 1000};
}

core::Result<Identity> TokenService::verify(std::string_view token) const {
  if (token.empty() || token.size() > kMaxTokenBytes) return invalid_token();
  const std::string t(token);
  const auto alg = header_alg(t);
  if (!alg) return invalid_token();
  if (*alg == "HS256") return verify_hs256(t);
  if (*alg == "RS256" && settings_.rs256_public_pem) return verify_rs256(t);
  return invalid_token();
}

core::Result<Identity> TokenService::verify_hs256(const std::string& token) const {
  try {
    auto dec = jwt::decode(token, jwt::params::algorithms({"HS256"}), jwt::params::secret(settings_.hs256_secret),
                           jwt::params::verify(true));
    const auto& p = dec.payload().create_json_obj();
    if (string_claim(p, "iss") != kIssuer) return invalid_token();
    auto sub = string_claim(p, "sub");
    auto name = string_claim(p, "name");
    if (!sub || !name || !p.contains("exp")) return invalid_token();
    // Expiry against our clock too (cpp-jwt checks the system clock).
    if (p["exp"].is_number_integer() && p["exp"].get<int64_t>() * 1000 <= clock_.now_ms()) return expired_token();
    return Identity{*sub, *name, false};
  } catch (const jwt::TokenExpiredError&) {
    return expired_token();
  } catch (const std::exception&) {
    return invalid_token();
  }
}

core::Result<Identity> TokenService::verify_rs256(const std::string& token) const {
  try {
    auto dec = jwt::decode(token, jwt::params::algorithms({"RS256"}), jwt::params::secret(*settings_.rs256_public_pem),
                           jwt::params::verify(true));
    const auto& p = dec.payload().create_json_obj();
    if (!settings_.external_issuer.empty() && string_claim(p, "iss") != settings_.external_issuer) {
      return invalid_token();
    }
    if (!p.contains("exp")) return invalid_token();  // an external token must expire
    if (p["exp"].is_number_integer() && p["exp"].get<int64_t>() * 1000 <= clock_.now_ms()) return expired_token();
    auto sub = string_claim(p, "sub");
    if (!sub || sub->empty() || sub->size() > 64) return invalid_token();
    auto name = string_claim(p, "preferred_username");
    if (!name) name = string_claim(p, "username");
    if (!name) name = string_claim(p, "name");
    return Identity{*sub, name.value_or(*sub), true};
  } catch (const jwt::TokenExpiredError&) {
    return expired_token();
  } catch (const std::exception&) {
    return invalid_token();
  }
}

}  // namespace tc::domain
