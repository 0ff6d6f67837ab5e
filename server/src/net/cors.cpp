#include "net/cors.hpp"

namespace tc::net {

std::string CorsPolicy::allowed_origin(const std::string* origin) const {
  if (!origin || origins_.empty()) return {};
  for (const auto& o : origins_) {
    if (o == "*" || o == *origin) return *origin;
  }
  return {};
}

Fields CorsPolicy::response_headers(const std::string& origin) const {
  if (origin.empty()) return {};
  return {{"Access-Control-Allow-Origin", origin},
          {"Vary", "Origin"},
          {"Access-Control-Expose-Headers", "X-Request-Id, Retry-After, Location, Content-Range"}};
}

Fields CorsPolicy::preflight_headers(const std::string& origin) const {
  if (origin.empty()) return {};
  return {{"Access-Control-Allow-Origin", origin},
          {"Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS"},
          {"Access-Control-Allow-Headers",
           "Authorization, Content-Type, X-Request-Id, X-Operator-Key, Idempotency-Key"},
          {"Access-Control-Max-Age", "600"},
          {"Vary", "Origin"}};
}

}  // namespace tc::net
