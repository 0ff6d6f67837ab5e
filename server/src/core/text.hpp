#pragma once
// UTF-8 checks shared by every user-visible text field (titles, usernames, chat).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tc::core {

// Number of code points if `s` is well-formed UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF).
std::optional<size_t> utf8_length(std::string_view s);

// True if `s` holds a C0/C1 control character or DEL; `allow_newlines` lets \n and \t through.
bool has_control_chars(std::string_view s, bool allow_newlines = false);

// `s` without leading and trailing ASCII white space.
std::string_view trim(std::string_view s);

std::string to_lower_ascii(std::string_view s);

}  // namespace tc::core
