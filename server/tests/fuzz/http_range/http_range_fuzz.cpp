// libFuzzer target for the HTTP Range parser (net/byte_range.hpp). The first 8 bytes are the file
// size, the rest the header value. Properties, beyond "no crash, no UB": a partial answer lies
// inside the file and is non-empty; an unsatisfiable one is only given for "bytes=" values; the
// answer for a formatted "bytes=a-b" of a partial answer is that same range.
#include "net/byte_range.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace {
void check(bool ok) {
  if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  uint64_t file_size = 0;
  if (size >= 8) {
    std::memcpy(&file_size, data, 8);
    data += 8;
    size -= 8;
  }
  const std::string_view header(reinterpret_cast<const char*>(data), size);
  const auto a = tc::net::parse_range(header, file_size);
  using Kind = tc::net::RangeAnswer::Kind;
  if (a.kind == Kind::partial) {
    check(a.range.first <= a.range.last && a.range.last < file_size);
    // Offsets are read as at most 19 digits (no overflow), so only ranges below 10^19 format back.
    if (std::to_string(a.range.last).size() <= 19) {
      const std::string again = "bytes=" + std::to_string(a.range.first) + "-" + std::to_string(a.range.last);
      const auto b = tc::net::parse_range(again, file_size);
      check(b.kind == Kind::partial && b.range.first == a.range.first && b.range.last == a.range.last);
    }
    check(tc::net::content_range(a.range, file_size).starts_with("bytes "));
  }
  if (a.kind == Kind::unsatisfiable) check(header.starts_with("bytes="));
  return 0;
}
