#include "domain/chat/chat_rules.hpp"

#include "core/text.hpp"

namespace tc::domain {

core::Result<std::string> normalize_chat_text(std::string_view text) {
  if (!core::utf8_length(text)) return core::Error::invalid("invalid_message", "Message must be valid UTF-8 text");
  // Invisible characters (issue 12): fillers are dropped, then what remains must show something
  // and may not reorder how it displays or hide text.
  const auto invisible = core::check_invisible(text);
  if (invisible.bidi_override) {
    return core::Error::invalid("bidi_control",
                                "Message may not contain bidirectional embedding, override or isolate characters");
  }
  if (invisible.stray_tags) {
    return core::Error::invalid("hidden_characters",
                                "Message may not contain Unicode tag characters outside an emoji flag");
  }
  if (core::trim(text).empty()) return core::Error::invalid("invalid_message", "Message is empty");
  const auto t = core::trim(invisible.text);
  const auto length = core::utf8_length(t);
  if (!length || *length == 0 || !invisible.visible) {
    return core::Error::invalid("invisible_message", "Message has no visible characters");
  }
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
