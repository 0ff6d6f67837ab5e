#pragma once
// What a chat message may hold. Each rule has its own error code; clients show the message.
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace tc::domain {

inline constexpr size_t kMaxChatChars = 500;  // code points, as the user sees them

// Trimmed text without invisible fillers (U+200B, U+FEFF, U+2060, soft hyphen, Hangul fillers, …),
// or: invalid_message (empty, not UTF-8, control characters), message_too_long (after stripping),
// invisible_message (nothing visible left: only default-ignorable and space characters),
// bidi_control (a direction embedding, override or isolate anywhere: they can spoof what is shown),
// hidden_characters (Unicode tag characters outside an emoji flag). ZWJ, ZWNJ, variation selectors
// and bidi marks (LRM, RLM, ALM) are kept: emoji sequences and right-to-left scripts need them.
core::Result<std::string> normalize_chat_text(std::string_view text);

// TEXT (default when empty) or EMOJI; TIP and ALERT are written by the server only.
core::Result<std::string> chat_message_type(std::string_view type);

}  // namespace tc::domain
