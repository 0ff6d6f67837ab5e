#include "domain/accounts/username_rules.hpp"

#include <array>

#include "core/text.hpp"

namespace tc::domain {
namespace {
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

constexpr std::array<std::string_view, 8> kReserved = {"admin", "administrator", "system", "tradecast",
                                                       "moderator", "support", "root", "operator"};
}  // namespace

core::Status validate_username(std::string_view u) {
  using core::Error;
  if (u.size() < kUsernameMin) {
    return Error::invalid("username_too_short", "Username must be at least 3 characters");
  }
  if (u.size() > kUsernameMax) {
    return Error::invalid("username_too_long", "Username must be at most 32 characters");
  }
  for (char c : u) {
    if (!is_alpha(c) && !is_digit(c) && c != '_' && c != '.') {
      return Error::invalid("username_invalid_chars",
                            "Username may contain only letters, digits, '_' and '.'");
    }
  }
  if (!is_alpha(u.front())) {
    return Error::invalid("username_invalid_start", "Username must start with a letter");
  }
  const auto key = core::to_lower_ascii(u);
  for (auto r : kReserved) {
    if (key == r) return Error::invalid("username_reserved", "This username is reserved");
  }
  return core::ok_status();
}

core::Status validate_password(std::string_view p) {
  using core::Error;
  const auto len = core::utf8_length(p);
  if (!len) return Error::invalid("password_invalid", "Password must be valid UTF-8");
  if (*len < kPasswordMin) {
    return Error::invalid("password_too_short", "Password must be at least 8 characters");
  }
  if (p.size() > kPasswordMax) {
    return Error::invalid("password_too_long", "Password must be at most 128 bytes");
  }
  return core::ok_status();
}

}  // namespace tc::domain
