#include "domain/streams/stream_rules.hpp"

#include <sodium.h>

#include <charconv>

#include "core/ids.hpp"
#include "core/text.hpp"

namespace tc::domain {
namespace {

core::Status check_text(std::string_view s, const char* field, bool allow_newlines) {
  if (!core::utf8_length(s)) {
    return core::Error::invalid("invalid_text", std::string(field) + " must be valid UTF-8");
  }
  if (core::has_control_chars(s, allow_newlines)) {
    return core::Error::invalid("invalid_text", std::string(field) + " must not contain control characters");
  }
  return core::ok_status();
}

}  // namespace

core::Result<std::string> normalize_title(std::string_view title) {
  const auto t = core::trim(title);
  if (t.empty()) return core::Error::invalid("title_required", "Title is required");
  if (auto s = check_text(t, "Title", false); !s) return s.error();
  if (*core::utf8_length(t) > kTitleMax) {
    return core::Error::invalid("title_too_long", "Title must be at most 140 characters");
  }
  return std::string(t);
}

core::Result<std::optional<std::string>> normalize_description(std::string_view description) {
  const auto d = core::trim(description);
  if (d.empty()) return std::optional<std::string>{};
  if (auto s = check_text(d, "Description", true); !s) return s.error();
  if (*core::utf8_length(d) > kDescriptionMax) {
    return core::Error::invalid("description_too_long", "Description must be at most 2000 characters");
  }
  return std::optional<std::string>(std::string(d));
}

core::Result<std::string> normalize_category(std::string_view category) {
  const auto c = core::to_lower_ascii(core::trim(category));
  if (c.empty()) return std::string(kDefaultCategory);
  if (c.size() > kCategoryMax) {
    return core::Error::invalid("invalid_category", "Category must be at most 50 characters");
  }
  for (char ch : c) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == ' ' || ch == '-' || ch == '_';
    if (!ok) {
      return core::Error::invalid("invalid_category",
                                  "Category may contain only letters, digits, spaces, '-' and '_'");
    }
  }
  return c;
}

bool is_stream_status(std::string_view s) { return s == "LIVE" || s == "ENDED" || s == "SCHEDULED"; }

std::string encode_cursor(const store::StreamCursor& c) {
  const std::string raw = std::to_string(c.started_at) + ":" + c.stream_id;
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::optional<store::StreamCursor> decode_cursor(std::string_view s) {
  if (s.empty() || s.size() > 128) return std::nullopt;
  std::string raw(s.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), s.data(), s.size(), nullptr, &len,
                        nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return std::nullopt;
  }
  raw.resize(len);
  const auto colon = raw.find(':');
  if (colon == std::string::npos) return std::nullopt;
  store::StreamCursor c;
  auto [p, ec] = std::from_chars(raw.data(), raw.data() + colon, c.started_at);
  if (ec != std::errc() || p != raw.data() + colon || c.started_at < 0) return std::nullopt;
  c.stream_id = raw.substr(colon + 1);
  if (!core::is_uuid(c.stream_id)) return std::nullopt;
  return c;
}

}  // namespace tc::domain
