#pragma once
// The HTTP Range header of a request for a file of known size (RFC 9110 §14). We serve one range
// ("bytes=a-b", "bytes=a-", "bytes=-n"); anything else (several ranges, other units, garbage) is
// ignored and the whole file is sent, which the RFC allows. Pure: unit-tested and fuzzed
// (tests/fuzz/http_range).
#include <cstdint>
#include <string>
#include <string_view>

#include "core/byte_range.hpp"

namespace tc::net {

struct RangeAnswer {
  enum class Kind { whole, partial, unsatisfiable };
  Kind kind = Kind::whole;
  core::ByteRange range;  // partial: the bytes to send, inside the file
};

// What to answer for `header` (the Range value) on a file of `size` bytes: 200 with all of it,
// 206 with `range`, or 416.
RangeAnswer parse_range(std::string_view header, uint64_t size);

// "bytes a-b/size", the Content-Range of a 206.
std::string content_range(const core::ByteRange& range, uint64_t size);

}  // namespace tc::net
