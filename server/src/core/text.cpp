#include "core/text.hpp"

#include <cstdint>

namespace tc::core {

namespace {

// Decodes the code point at p[i]; returns its length, or 0 when the bytes are not well-formed UTF-8
// (truncated, overlong, a UTF-16 surrogate or past U+10FFFF).
size_t decode_one(const uint8_t* p, size_t n, size_t i, uint32_t& cp) {
  const uint8_t c = p[i];
  size_t len;
  if (c < 0x80) {
    len = 1;
    cp = c;
  } else if ((c & 0xe0) == 0xc0) {
    len = 2;
    cp = c & 0x1f;
  } else if ((c & 0xf0) == 0xe0) {
    len = 3;
    cp = c & 0x0f;
  } else if ((c & 0xf8) == 0xf0) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > n) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((p[i + k] & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (p[i + k] & 0x3f);
  }
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
    return 0;
  }
  return len;
}

bool in(char32_t cp, char32_t lo, char32_t hi) { return cp >= lo && cp <= hi; }

constexpr char32_t kBlackFlag = 0x1F3F4;  // starts an emoji tag sequence
constexpr char32_t kCancelTag = 0xE007F;  // ends one
bool is_tag(char32_t cp) { return in(cp, 0xE0000, 0xE007F); }

// Default-ignorables that no chat text needs: stripped rather than refused, so a pasted word with
// a zero-width space inside still goes through (and matches the channel's blocked terms).
bool is_filler(char32_t cp) {
  return cp == 0x00AD || cp == 0x034F || cp == 0x115F || cp == 0x1160 || in(cp, 0x17B4, 0x17B5) || cp == 0x180E ||
         cp == 0x200B || in(cp, 0x2060, 0x2065) || cp == 0x3164 || cp == 0xFEFF || cp == 0xFFA0 ||
         in(cp, 0xFFF0, 0xFFF8) || in(cp, 0x1BCA0, 0x1BCA3) || in(cp, 0x1D173, 0x1D17A) || cp == 0xE0000 ||
         cp == 0xE0001 || in(cp, 0xE0080, 0xE00FF) || in(cp, 0xE01F0, 0xE0FFF);
}

// Characters that render as a blank although Unicode does not call them space (used as "empty"
// names and messages): Braille pattern blank, Hangul fillers.
bool looks_blank(char32_t cp) { return cp == 0x2800 || cp == 0x3164 || cp == 0x115F || cp == 0x1160 || cp == 0xFFA0; }

}  // namespace

std::optional<size_t> utf8_length(std::string_view s) {
  size_t count = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  for (size_t i = 0; i < s.size(); ++count) {
    uint32_t cp = 0;
    const size_t len = decode_one(p, s.size(), i, cp);
    if (len == 0) return std::nullopt;
    i += len;
  }
  return count;
}

std::optional<std::u32string> utf8_decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    const size_t len = decode_one(p, s.size(), i, cp);
    if (len == 0) return std::nullopt;
    out.push_back(static_cast<char32_t>(cp));
    i += len;
  }
  return out;
}

std::string utf8_encode(std::u32string_view cps) {
  std::string out;
  out.reserve(cps.size());
  for (char32_t cp : cps) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else {
      out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    }
  }
  return out;
}

bool is_default_ignorable(char32_t cp) {
  return cp == 0x00AD || cp == 0x034F || cp == 0x061C || in(cp, 0x115F, 0x1160) || in(cp, 0x17B4, 0x17B5) ||
         in(cp, 0x180B, 0x180F) || in(cp, 0x200B, 0x200F) || in(cp, 0x202A, 0x202E) || in(cp, 0x2060, 0x206F) ||
         cp == 0x3164 || in(cp, 0xFE00, 0xFE0F) || cp == 0xFEFF || cp == 0xFFA0 || in(cp, 0xFFF0, 0xFFF8) ||
         in(cp, 0x1BCA0, 0x1BCA3) || in(cp, 0x1D173, 0x1D17A) || in(cp, 0xE0000, 0xE0FFF);
}

bool is_unicode_space(char32_t cp) {
  return in(cp, 0x09, 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 || in(cp, 0x2000, 0x200A) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

bool is_bidi_override(char32_t cp) { return in(cp, 0x202A, 0x202E) || in(cp, 0x2066, 0x2069); }

InvisibleCheck check_invisible(std::string_view utf8) {
  InvisibleCheck out;
  auto cps = utf8_decode(utf8);
  if (!cps) return out;
  std::u32string kept;
  kept.reserve(cps->size());
  for (size_t i = 0; i < cps->size(); ++i) {
    const char32_t cp = (*cps)[i];
    if (cp == kBlackFlag) {
      // An emoji tag sequence: the flag, one or more tag characters U+E0020–E007E, then cancel tag.
      size_t j = i + 1;
      while (j < cps->size() && in((*cps)[j], 0xE0020, 0xE007E)) ++j;
      if (j > i + 1 && j < cps->size() && (*cps)[j] == kCancelTag) {
        kept.append(cps->begin() + static_cast<std::ptrdiff_t>(i), cps->begin() + static_cast<std::ptrdiff_t>(j + 1));
        out.visible = true;
        i = j;
        continue;
      }
    }
    if (is_bidi_override(cp)) out.bidi_override = true;
    if (is_tag(cp) && !is_filler(cp)) out.stray_tags = true;
    if (is_filler(cp)) continue;
    if (!is_default_ignorable(cp) && !is_unicode_space(cp) && !looks_blank(cp)) out.visible = true;
    kept.push_back(cp);
  }
  out.text = utf8_encode(kept);
  return out;
}

bool has_control_chars(std::string_view s, bool allow_newlines) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  for (size_t i = 0; i < s.size(); ++i) {
    const uint8_t c = p[i];
    if (c < 0x20 || c == 0x7f) {
      if (allow_newlines && (c == '\n' || c == '\t' || c == '\r')) continue;
      return true;
    }
    // C1 controls U+0080..U+009F are encoded as 0xC2 0x80..0x9F.
    if (c == 0xc2 && i + 1 < s.size() && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f) return true;
  }
  return false;
}

std::string_view trim(std::string_view s) {
  const char* ws = " \t\r\n\f\v";
  const auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace tc::core
