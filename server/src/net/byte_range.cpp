#include "net/byte_range.hpp"

#include <algorithm>

namespace tc::net {
namespace {

// A decimal of at most 19 digits (fits in uint64_t without overflow).
bool parse_decimal(std::string_view s, uint64_t& out) {
  if (s.empty() || s.size() > 19) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<uint64_t>(c - '0');
  }
  return true;
}

RangeAnswer whole() { return {}; }
RangeAnswer unsatisfiable() { return {RangeAnswer::Kind::unsatisfiable, {}}; }
RangeAnswer partial(uint64_t first, uint64_t last) { return {RangeAnswer::Kind::partial, {first, last}}; }

}  // namespace

RangeAnswer parse_range(std::string_view h, uint64_t size) {
  if (!h.starts_with("bytes=") || h.find(',') != std::string_view::npos) return whole();
  h.remove_prefix(6);
  const auto dash = h.find('-');
  if (dash == std::string_view::npos) return whole();
  const auto first_text = h.substr(0, dash), last_text = h.substr(dash + 1);
  uint64_t first = 0, last = 0;
  if (first_text.empty()) {  // a suffix: the last n bytes
    if (!parse_decimal(last_text, last) || last == 0 || size == 0) return unsatisfiable();
    return partial(size - std::min(last, size), size - 1);
  }
  if (!parse_decimal(first_text, first)) return whole();
  if (first >= size) return unsatisfiable();
  if (last_text.empty()) return partial(first, size - 1);
  if (!parse_decimal(last_text, last) || last < first) return whole();
  return partial(first, std::min(last, size - 1));
}

std::string content_range(const core::ByteRange& range, uint64_t size) {
  return "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) + "/" + std::to_string(size);
}

}  // namespace tc::net
