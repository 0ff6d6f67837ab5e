// libFuzzer target for the multipart/form-data parser (net/multipart.hpp). The input's first line is
// a Content-Type header value, the rest the body. Beyond "no crash, no UB, no leak": every part the
// parser returns lies inside the body, in order and without overlap, and a field's value is exactly
// the bytes at its offset.
#include "net/multipart.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {
void check(bool ok) {
  if (!ok) std::abort();  // libFuzzer records the input as a crasher
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const auto nl = in.find('\n');
  if (nl == std::string_view::npos) return 0;
  const auto boundary = tc::net::multipart_boundary(in.substr(0, nl));
  if (!boundary) return 0;
  check(!boundary->empty() && boundary->size() <= 70);
  const auto body = in.substr(nl + 1);
  tc::net::MultipartLimits limits;
  limits.max_parts = 8;
  limits.max_field_bytes = 256;
  auto parts = tc::net::parse_multipart(body, *boundary, limits);
  if (!parts) {
    check(parts.error().code == "malformed_multipart");
    return 0;
  }
  check(parts->size() <= limits.max_parts);
  uint64_t end = 0;
  for (const auto& p : *parts) {
    check(!p.name.empty());
    check(p.offset >= end && p.offset <= body.size() && p.length <= body.size() - p.offset);
    end = p.offset + p.length;
    if (!p.filename) check(p.value == body.substr(p.offset, p.length));
  }
  return 0;
}
