#include "net/multipart.hpp"

#include <string.h>

#include <cstring>

#include <algorithm>

#include "core/text.hpp"

namespace tc::net {
namespace {

core::Error bad(const std::string& message) { return core::Error::invalid("malformed_multipart", message); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string read_exact(const ReadAt& read_at, uint64_t offset, size_t n) {
  std::string out(n, '\0');
  size_t got = 0;
  while (got < n) {
    const auto r = read_at(offset + got, out.data() + got, n - got);
    if (r == 0) break;
    got += r;
  }
  out.resize(got);
  return out;
}

// Parameters of a header value: `form-data; name="a"; filename="b.webm"` → {name: a, filename: b.webm}.
// The first item (the disposition type) is returned under the key "".
std::vector<std::pair<std::string, std::string>> header_params(std::string_view v) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t i = 0;
  bool first = true;
  while (i <= v.size()) {
    // key
    size_t start = i;
    while (i < v.size() && v[i] != ';' && v[i] != '=') ++i;
    std::string key = core::to_lower_ascii(trim(v.substr(start, i - start)));
    std::string value;
    if (i < v.size() && v[i] == '=') {
      ++i;
      while (i < v.size() && (v[i] == ' ' || v[i] == '\t')) ++i;
      if (i < v.size() && v[i] == '"') {
        ++i;
        while (i < v.size() && v[i] != '"') {
          if (v[i] == '\\' && i + 1 < v.size()) ++i;
          value.push_back(v[i++]);
        }
        ++i;  // closing quote
        while (i < v.size() && v[i] != ';') ++i;
      } else {
        start = i;
        while (i < v.size() && v[i] != ';') ++i;
        value = std::string(trim(v.substr(start, i - start)));
      }
    }
    if (first) {
      out.emplace_back("", key);
      first = false;
    } else if (!key.empty()) {
      out.emplace_back(std::move(key), std::move(value));
    }
    ++i;  // past ';'
  }
  return out;
}

// Offsets where a delimiter line "--boundary" begins: at 0, or right after a CRLF.
core::Result<std::vector<uint64_t>> find_delimiters(const ReadAt& read_at, uint64_t size, std::string_view boundary,
                                                    size_t max_count) {
  const std::string dash = "--" + std::string(boundary);
  const std::string needle = "\r\n" + dash;
  std::vector<uint64_t> found;
  if (read_exact(read_at, 0, dash.size()) == dash) found.push_back(0);
  constexpr size_t kChunk = 1 << 20;
  std::string window;      // carry (≤ needle-1 bytes) + the latest chunk
  uint64_t window_at = 0;  // body offset of window[0]
  std::string chunk(static_cast<size_t>(std::min<uint64_t>(kChunk, size)), '\0');
  for (uint64_t pos = 0; pos < size;) {
    const auto n = read_at(pos, chunk.data(), static_cast<size_t>(std::min<uint64_t>(chunk.size(), size - pos)));
    if (n == 0) break;
    window.append(chunk.data(), n);
    pos += n;
    const char* base = window.data();
    const char* cur = base;
    const char* end = base + window.size();
    while (cur < end) {
      const void* hit = ::memmem(cur, static_cast<size_t>(end - cur), needle.data(), needle.size());
      if (!hit) break;
      const auto at = static_cast<const char*>(hit) - base;
      found.push_back(window_at + static_cast<uint64_t>(at) + 2);
      if (found.size() > max_count) return bad("too many parts");
      cur = static_cast<const char*>(hit) + needle.size();
    }
    // Keep a tail shorter than the needle: a match split across chunks is found next time, and a
    // match already counted cannot fit in it again.
    const size_t keep = std::min(window.size(), needle.size() - 1);
    window_at += window.size() - keep;
    window.erase(0, window.size() - keep);
  }
  return found;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  const auto params = header_params(content_type);
  if (params.empty() || params[0].second != "multipart/form-data") return std::nullopt;
  for (const auto& [k, v] : params) {
    if (k == "boundary") {
      if (v.empty() || v.size() > 70) return std::nullopt;
      return v;
    }
  }
  return std::nullopt;
}

core::Result<std::vector<MultipartPart>> parse_multipart(const ReadAt& read_at, uint64_t size,
                                                         std::string_view boundary, const MultipartLimits& limits) {
  auto delims = find_delimiters(read_at, size, boundary, limits.max_parts + 1);
  if (!delims) return delims.error();
  const auto& d = *delims;
  if (d.empty()) return bad("no multipart delimiter");
  const uint64_t dlen = 2 + boundary.size();
  std::vector<MultipartPart> parts;
  for (size_t i = 0;; ++i) {
    const uint64_t after = d[i] + dlen;
    const auto tail = read_exact(read_at, after, 2);
    if (tail == "--") break;  // the close delimiter: anything after it is epilogue
    if (i + 1 >= d.size()) return bad("no closing delimiter");
    // The rest of the delimiter line: optional white space, then CRLF.
    const auto line = read_exact(read_at, after, 64);
    size_t k = 0;
    while (k < line.size() && (line[k] == ' ' || line[k] == '\t')) ++k;
    if (line.compare(k, 2, "\r\n") != 0) return bad("bad delimiter line");
    const uint64_t headers_at = after + k + 2;
    const uint64_t part_end = d[i + 1] - 2;  // the CRLF before the next delimiter belongs to it
    if (part_end < headers_at) return bad("truncated part");
    const auto head =
        read_exact(read_at, headers_at,
                   static_cast<size_t>(std::min<uint64_t>(limits.max_part_header_bytes + 4, part_end - headers_at)));
    size_t header_len = 0, content_rel = 0;
    if (head.starts_with("\r\n")) {
      content_rel = 2;  // no header lines
    } else {
      const auto blank = head.find("\r\n\r\n");
      if (blank == std::string::npos) {
        return bad(head.size() >= limits.max_part_header_bytes ? "part headers too long" : "unterminated part headers");
      }
      header_len = blank;
      content_rel = blank + 4;
    }
    MultipartPart part;
    bool form_data = false;
    std::string_view hs(head.data(), header_len);
    while (!hs.empty()) {
      const auto eol = hs.find("\r\n");
      const auto hl = hs.substr(0, eol);
      hs = eol == std::string_view::npos ? std::string_view{} : hs.substr(eol + 2);
      const auto colon = hl.find(':');
      if (colon == std::string_view::npos) return bad("bad part header line");
      const auto name = core::to_lower_ascii(trim(hl.substr(0, colon)));
      const auto value = trim(hl.substr(colon + 1));
      if (name == "content-disposition") {
        for (const auto& [pk, pv] : header_params(value)) {
          if (pk.empty()) form_data = pv == "form-data";
          else if (pk == "name") part.name = pv;
          else if (pk == "filename") part.filename = pv;
        }
      } else if (name == "content-type") {
        part.content_type = std::string(value);
      }
    }
    if (!form_data || part.name.empty()) return bad("part without Content-Disposition: form-data; name");
    part.offset = headers_at + content_rel;
    if (part.offset > part_end) return bad("truncated part");
    part.length = part_end - part.offset;
    if (!part.filename) {
      if (part.length > limits.max_field_bytes) return bad("field '" + part.name + "' is too long");
      part.value = read_exact(read_at, part.offset, static_cast<size_t>(part.length));
    }
    parts.push_back(std::move(part));
    if (parts.size() > limits.max_parts) return bad("too many parts");
  }
  return parts;
}

core::Result<std::vector<MultipartPart>> parse_multipart(std::string_view body, std::string_view boundary,
                                                         const MultipartLimits& limits) {
  const ReadAt reader = [body](uint64_t offset, char* buf, size_t n) -> size_t {
    if (offset >= body.size()) return 0;
    const size_t amount = std::min<uint64_t>(n, body.size() - offset);
    std::memcpy(buf, body.data() + offset, amount);
    return amount;
  };
  return parse_multipart(reader, body.size(), boundary, limits);
}

}  // namespace tc::net
