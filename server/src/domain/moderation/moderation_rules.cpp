#include "domain/moderation/moderation_rules.hpp"

#include "core/text.hpp"

namespace tc::domain {
namespace {

// Decodes one UTF-8 sequence at `i` (the text was validated before); 0xFFFD on a broken one.
char32_t next_code_point(std::string_view s, size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? b : b & (0xFF >> (len + 1));
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x3000; }
bool is_invisible(char32_t c) { return c == 0xAD || (c >= 0x200B && c <= 0x200F) || c == 0x2060 || c == 0xFEFF; }

bool is_emoji(char32_t c) {
  return (c >= 0x1F000 && c <= 0x1FAFF) ||  // pictographs, emoticons, transport, flags (regional indicators)
         (c >= 0x2600 && c <= 0x27BF) ||    // misc symbols, dingbats
         (c >= 0x2B00 && c <= 0x2BFF) || (c >= 0x2190 && c <= 0x21FF) || (c >= 0x2300 && c <= 0x23FF) ||
         (c >= 0x25A0 && c <= 0x25FF) || c == 0x00A9 || c == 0x00AE || c == 0x203C || c == 0x2049 ||
         c == 0x2122 || c == 0x2139 || c == 0x3030 || c == 0x303D || c == 0x3297 || c == 0x3299;
}
// Joined into an emoji sequence: ZWJ, variation selectors, keycap, skin tones are in the range above, tags.
bool is_emoji_part(char32_t c) {
  return c == 0x200D || c == 0xFE0F || c == 0xFE0E || c == 0x20E3 || (c >= 0xE0020 && c <= 0xE007F);
}

}  // namespace

std::string normalize_for_match(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (size_t i = 0; i < text.size();) {
    char32_t c = next_code_point(text, i);
    if (is_invisible(c)) continue;
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (c >= 'A' && c <= 'Z') c += 0x20;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) c += 0x20;  // Latin-1 capitals
    if (pending_space) out += ' ';
    pending_space = false;
    append_utf8(out, c);
  }
  return out;
}

core::Result<std::string> normalize_blocked_term(std::string_view term) {
  const auto length = core::utf8_length(term);
  if (!length || core::has_control_chars(term)) {
    return core::Error::invalid("invalid_term", "A blocked term must be UTF-8 text without control characters");
  }
  auto n = normalize_for_match(term);
  const auto n_length = core::utf8_length(n);
  if (n.empty()) return core::Error::invalid("invalid_term", "A blocked term may not be empty");
  if (!n_length || *n_length > static_cast<size_t>(kMaxBlockedTermChars)) {
    return core::Error::invalid("invalid_term", "A blocked term is at most " + std::to_string(kMaxBlockedTermChars) +
                                                    " characters");
  }
  return n;
}

std::string find_blocked_term(std::string_view normalized_text, const std::vector<std::string>& terms) {
  for (const auto& t : terms) {
    if (!t.empty() && normalized_text.find(t) != std::string_view::npos) return t;
  }
  return {};
}

bool is_emote_only(std::string_view text) {
  bool any = false;
  for (size_t i = 0; i < text.size();) {
    const char32_t c = next_code_point(text, i);
    if (is_space(c) || is_emoji_part(c)) continue;
    if (!is_emoji(c)) return false;
    any = true;
  }
  return any;
}

}  // namespace tc::domain
