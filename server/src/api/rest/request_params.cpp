#include "api/rest/request_params.hpp"

#include <charconv>

namespace tc::api {

core::Result<std::optional<int>> int_query(const net::HttpRequest& req, const char* name, int lo, int hi) {
  const auto* s = req.query_param(name);
  if (!s) return std::optional<int>{};
  int v = 0;
  const auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || end != s->data() + s->size() || v < lo || v > hi) {
    return core::Error::invalid(std::string("invalid_") + name,
                                std::string(name) + " must be " + std::to_string(lo) + " to " + std::to_string(hi));
  }
  return std::optional<int>(v);
}

core::Result<std::optional<int64_t>> non_negative_query(const net::HttpRequest& req, const char* name) {
  const auto* s = req.query_param(name);
  if (!s) return std::optional<int64_t>{};
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || end != s->data() + s->size() || v < 0) {
    return core::Error::invalid(std::string("invalid_") + name, std::string(name) + " must be a whole number >= 0");
  }
  return std::optional<int64_t>(v);
}

std::optional<std::string> string_query(const net::HttpRequest& req, const char* name) {
  if (const auto* s = req.query_param(name)) return *s;
  return std::nullopt;
}

}  // namespace tc::api
