#pragma once
// An inclusive byte range of a file or object, as HTTP Range counts it. Shared by net (answering
// Range requests, net/byte_range.hpp parses them) and blob (reading part of an object).
#include <cstdint>

namespace tc::core {

struct ByteRange {
  uint64_t first = 0, last = 0;  // inclusive: last - first + 1 bytes
  uint64_t length() const { return last - first + 1; }
};

}  // namespace tc::core
