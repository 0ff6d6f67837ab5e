#include "blob/blob_store.hpp"

#include <unistd.h>

namespace tc::blob {

bool valid_key(std::string_view key) {
  if (key.empty() || key.size() > 512) return false;
  size_t start = 0;
  while (start <= key.size()) {
    auto end = key.find('/', start);
    if (end == std::string_view::npos) end = key.size();
    const auto seg = key.substr(start, end - start);
    if (seg.empty() || seg == "." || seg == "..") return false;
    for (char c : seg) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                      c == '_' || c == '-';
      if (!ok) return false;
    }
    start = end + 1;
  }
  return true;
}

core::Status BlobStore::move_file(const std::string& key, const std::string& path, const std::string& content_type) {
  auto st = put_file(key, FileSlice{path, 0, std::nullopt}, content_type);
  if (st) ::unlink(path.c_str());
  return st;
}

}  // namespace tc::blob
