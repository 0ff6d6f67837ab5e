#include "net/static_files.hpp"

#include <filesystem>

namespace tc::net {
namespace fs = std::filesystem;

std::string content_type_for(std::string_view path) {
  struct Entry {
    std::string_view ext, type;
  };
  static constexpr Entry kTypes[] = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
      {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".ico", "image/x-icon"}, {".webp", "image/webp"},
      {".woff2", "font/woff2"}, {".woff", "font/woff"}, {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"}, {".mp4", "video/mp4"}, {".webm", "video/webm"},
      {".m3u8", "application/vnd.apple.mpegurl"}, {".ts", "video/mp2t"}, {".wasm", "application/wasm"},
  };
  for (const auto& e : kTypes) {
    if (path.size() >= e.ext.size() && path.substr(path.size() - e.ext.size()) == e.ext) return std::string(e.type);
  }
  return "application/octet-stream";
}

std::string safe_file_under(const std::string& root, std::string_view url_path) {
  if (url_path.find('\0') != std::string_view::npos || url_path.find('\\') != std::string_view::npos) return {};
  // Reject any ".." segment outright rather than normalising it.
  size_t i = 0;
  while (i <= url_path.size()) {
    auto end = url_path.find('/', i);
    if (end == std::string_view::npos) end = url_path.size();
    if (url_path.substr(i, end - i) == "..") return {};
    i = end + 1;
  }
  std::string rel(url_path);
  while (!rel.empty() && rel.front() == '/') rel.erase(0, 1);
  const auto full = fs::path(root) / rel;
  std::error_code ec;
  if (!fs::is_regular_file(full, ec)) return {};
  return full.string();
}

HttpHandler make_spa_handler(std::string root) {
  return [root = std::move(root)](HttpRequest& req) -> boost::asio::awaitable<HttpResponse> {
    if (req.method != "GET" && req.method != "HEAD") {
      co_return HttpResponse::error(404, "not_found", "No such endpoint");
    }
    if (auto file = safe_file_under(root, req.path); !file.empty()) {
      // Vite puts content-hashed names under /assets: cache them for good.
      const bool hashed = req.path.starts_with("/assets/");
      co_return HttpResponse::send_file(
          {file, content_type_for(file), hashed ? "public, max-age=31536000, immutable" : "no-cache"});
    }
    const bool api_like = req.path.starts_with("/api/") || req.path.starts_with("/socket.io") ||
                          req.path.starts_with("/hls/") || req.path.starts_with("/media/");
    const auto index = (fs::path(root) / "index.html").string();
    std::error_code ec;
    if (api_like || !fs::is_regular_file(index, ec)) {
      co_return HttpResponse::error(404, "not_found", "No such endpoint");
    }
    co_return HttpResponse::send_file({index, "text/html; charset=utf-8", "no-cache"});
  };
}

}  // namespace tc::net
