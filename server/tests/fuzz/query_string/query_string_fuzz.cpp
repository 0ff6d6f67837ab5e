// libFuzzer target for the query-string parser (net/query_string.hpp), which every route reads its
// parameters through (Engine.IO's EIO/transport/sid among them). Properties, beyond "no crash, no
// UB": never more pairs than '&'-separated parts; each pair, encoded again, parses back to itself.
#include "net/query_string.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {
void check(bool ok) {
  if (!ok) std::abort();
}

std::string encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const auto pairs = tc::net::parse_query(in);
  check(pairs.size() <= static_cast<size_t>(std::count(in.begin(), in.end(), '&')) + 1);
  std::string again;
  for (const auto& [k, v] : pairs) {
    if (!again.empty()) again += '&';
    again += encode(k) + "=" + encode(v);
  }
  const auto back = tc::net::parse_query(again);
  // A pair with an empty name and value encodes to "=", which parses as one pair too.
  check(back == pairs);
  // The target form: whatever follows the first '?'.
  const std::string target = "/p?" + std::string(in);
  check(tc::net::query_of(target) == in);
  return 0;
}
