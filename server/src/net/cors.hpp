#pragma once
// Cross-origin rules for browsers on other origins (--cors-origin): which Origin is echoed, and the
// headers of ordinary responses and of preflight (OPTIONS) answers. Pure: unit-tested.
#include <string>
#include <string_view>
#include <vector>

#include "net/http_message.hpp"

namespace tc::net {

class CorsPolicy {
 public:
  // `origins`: exact origins, or "*" for any. Empty: no cross-origin access.
  explicit CorsPolicy(std::vector<std::string> origins) : origins_(std::move(origins)) {}

  // The origin to echo for a request's Origin header (null when it has none); empty when not allowed.
  std::string allowed_origin(const std::string* origin) const;
  // Headers for an ordinary response to an allowed origin (none when `origin` is empty).
  Fields response_headers(const std::string& origin) const;
  // Headers for a preflight answer (204) to an allowed origin (none when `origin` is empty).
  Fields preflight_headers(const std::string& origin) const;

 private:
  std::vector<std::string> origins_;
};

}  // namespace tc::net
