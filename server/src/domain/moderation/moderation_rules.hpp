#pragma once
// Pure rules of channel moderation: blocked-term normalisation and matching, emote-only text,
// chat mode limits. No I/O.
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace tc::domain {

inline constexpr int kMaxModerators = 100;       // per channel
inline constexpr int kMaxBans = 10'000;          // bans and timeouts in force per channel
inline constexpr int kMaxBlockedTerms = 100;     // per channel
inline constexpr int kMaxBlockedTermChars = 50;  // code points
inline constexpr int kMaxSlowModeSeconds = 600;  // 10 minutes between messages at most

// For matching: ASCII and Latin-1 letters lowercased, zero-width characters and soft hyphens
// dropped, runs of whitespace made one space, trimmed. The same function runs on terms and on
// messages, so "Buy  NOW" matches the term "buy now".
std::string normalize_for_match(std::string_view text);

// A term as stored (normalised). Errors: invalid_term (empty, too long, control characters).
core::Result<std::string> normalize_blocked_term(std::string_view term);

// The first normalised term contained in the normalised `text`, or empty.
std::string find_blocked_term(std::string_view normalized_text, const std::vector<std::string>& terms);

// True when `text` holds only emoji (pictographs, symbols, flags, keycaps and their joiners and
// variation selectors) and whitespace, and at least one emoji.
bool is_emote_only(std::string_view text);

}  // namespace tc::domain
