#include "domain/chat/chat_rules.hpp"

#include "core/text.hpp"

namespace tc::domain {

core::Result<std::string> normalize_chat_text(std::string_view text) {
  const auto t = core::trim(text);
  const auto length = core::utf8_length(t);
  if (!length) return core::Error::invalid("invalid_message", "Message must be valid UTF-8 text");
  if (*length == 0) return core::Error::invalid("invalid_message", "Message is empty");
  if (*length > kMaxChatChars) {
    return core::Error::invalid("message_too_long",
                                "Message is longer than " + std::to_string(kMaxChatChars) + " characters");
  }
  if (core::has_control_chars(t)) {
    return core::Error::invalid("invalid_message", "Message may not contain control characters");
  }
  return std::string(t);
}

core::Result<std::string> chat_message_type(std::string_view type) {
  if (type.empty() || type == "TEXT") return std::string("TEXT");
  if (type == "EMOJI") return std::string("EMOJI");
  return core::Error::invalid("invalid_message_type", "message_type must be TEXT or EMOJI");
}

}  // namespace tc::domain
