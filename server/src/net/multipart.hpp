#pragma once
// multipart/form-data (RFC 7578 over RFC 2046) read from a body that may be gigabytes on disk: the
// parser finds part boundaries by scanning through a read-at callback and returns each part as an
// offset and length into the body, so a file part is never copied or held in memory. Small fields
// (no filename) also carry their value.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace tc::net {

struct MultipartPart {
  std::string name;          // Content-Disposition name
  std::optional<std::string> filename;
  std::string content_type;  // "" when the part has none (text/plain by the RFC)
  uint64_t offset = 0;       // of the content within the body
  uint64_t length = 0;
  std::string value;         // the content, for parts without a filename
};

struct MultipartLimits {
  size_t max_parts = 16;
  size_t max_part_header_bytes = 8 * 1024;  // all header lines of one part
  size_t max_field_bytes = 64 * 1024;       // a part without filename (held in memory)
};

// Reads up to n bytes at `offset` into buf; returns how many (0 at the end).
using ReadAt = std::function<size_t(uint64_t offset, char* buf, size_t n)>;

// The boundary parameter of a multipart/form-data Content-Type; nullopt when it is another type or
// the boundary is missing or invalid (1–70 characters).
std::optional<std::string> multipart_boundary(std::string_view content_type);

// Errors (all invalid / 400 "malformed_multipart"): no opening or closing delimiter, a part without
// Content-Disposition form-data or name, header or field limits, too many parts.
core::Result<std::vector<MultipartPart>> parse_multipart(const ReadAt& read_at, uint64_t size,
                                                         std::string_view boundary, const MultipartLimits& limits = {});

// Convenience for bodies already in memory (tests, small forms).
core::Result<std::vector<MultipartPart>> parse_multipart(std::string_view body, std::string_view boundary,
                                                         const MultipartLimits& limits = {});

}  // namespace tc::net
