#pragma once
// Method + path-pattern routing. Patterns are literal segments and ":name" parameters
// ("/api/v1/streaming/:id/end"). A path that matches with another method answers 405 with Allow.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/http_message.hpp"

namespace tc::net {

struct Route {
  std::string method;
  std::string pattern;
  std::string name;         // for metrics and logs: the pattern, low-cardinality
  size_t body_limit = 0;    // 0: the server default
  HttpHandler handler;
};

class Router {
 public:
  void add(std::string method, std::string pattern, HttpHandler handler, size_t body_limit = 0);
  // Handler for paths no route matches (static files, SPA fallback). Without one they get 404.
  void set_fallback(HttpHandler handler) { fallback_ = std::move(handler); }

  struct Match {
    const Route* route = nullptr;  // null: not matched
    Fields params;
    std::string allow;  // methods that do match the path, when route is null
  };
  Match match(std::string_view method, std::string_view path) const;
  const HttpHandler& fallback() const { return fallback_; }

 private:
  std::vector<Route> routes_;
  HttpHandler fallback_;
};

}  // namespace tc::net
