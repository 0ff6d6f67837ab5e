#pragma once
#include <string_view>

#include "core/error.hpp"

namespace tc::domain {

constexpr size_t kUsernameMin = 3;
constexpr size_t kUsernameMax = 32;
constexpr size_t kPasswordMin = 8;
// Bounded so that one request cannot make argon2 hash megabytes.
constexpr size_t kPasswordMax = 128;

// 3–32 characters of ASCII letters, digits, '_' and '.', starting with a letter; a few names are
// reserved. Each broken rule has its own error code.
core::Status validate_username(std::string_view username);
core::Status validate_password(std::string_view password);

}  // namespace tc::domain
