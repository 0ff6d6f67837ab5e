#pragma once
// What a chat message may hold. Each rule has its own error code; clients show the message.
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace tc::domain {

inline constexpr size_t kMaxChatChars = 500;  // code points, as the user sees them

// Trimmed text, or: invalid_message (empty, not UTF-8, control characters), message_too_long.
core::Result<std::string> normalize_chat_text(std::string_view text);

// TEXT (default when empty) or EMOJI; TIP and ALERT are written by the server only.
core::Result<std::string> chat_message_type(std::string_view type);

}  // namespace tc::domain
