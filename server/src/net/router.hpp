#pragma once
// Method + path-pattern routing. Patterns are literal segments and ":name" parameters
// ("/api/v1/streaming/:id/end"). A path that matches with another method answers 405 with Allow.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/http_message.hpp"
#include "net/websocket.hpp"

namespace tc::net {

// What a route's header-time hook answers: a refusal (sent without handling the request; a small body
// is read and discarded first), or a guard the connection holds while the body arrives and releases
// once it has been read or its read failed. A route can thus tell that a body is still in flight
// (Engine.IO refuses a polling POST that overlaps another one for the same session).
struct BodyWatch {
  std::optional<HttpResponse> refusal;
  std::shared_ptr<void> guard;
};

struct Route {
  std::string method;
  std::string pattern;
  std::string name;       // for metrics and logs: the pattern, low-cardinality
  size_t body_limit = 0;  // 0: the server default
  HttpHandler handler;
  // Large uploads: when set, the body (up to body_limit bytes) is written to a temp file instead of
  // memory (HttpRequest::body_file), and `before_body` may refuse the request from its headers
  // alone (say, 401) before a byte of the body is read.
  bool spool_body = false;
  std::function<std::optional<HttpResponse>(const HttpRequest&)> before_body;
  // Any route: runs once the header is in, before the body is read (see BodyWatch).
  std::function<BodyWatch(const HttpRequest&)> body_watch;
};

// A path that accepts WebSocket upgrades. `check` runs before the handshake and may refuse it with a
// response (nullopt accepts); `on_open` gets the connected socket.
struct WebSocketRoute {
  std::string path;              // exact
  size_t max_message = 1 << 20;  // larger messages close the connection (1009)
  std::function<std::optional<HttpResponse>(const HttpRequest&)> check;
  std::function<void(std::shared_ptr<WebSocket>, const HttpRequest&)> on_open;
};

class Router {
 public:
  void add_websocket(WebSocketRoute route) { websockets_.push_back(std::move(route)); }
  const WebSocketRoute* websocket(std::string_view path) const {
    for (const auto& w : websockets_) {
      if (w.path == path) return &w;
    }
    return nullptr;
  }

  void add(std::string method, std::string pattern, HttpHandler handler, size_t body_limit = 0);
  // A route whose body is spooled to a temp file (see Route::spool_body).
  void add_upload(std::string method, std::string pattern, HttpHandler handler, size_t body_limit,
                  std::function<std::optional<HttpResponse>(const HttpRequest&)> before_body);
  // Sets the header-time hook of an already added route (see BodyWatch); false if there is none.
  bool watch_body(std::string_view method, std::string_view pattern,
                  std::function<BodyWatch(const HttpRequest&)> watch);
  // Sets `watch` as the header-time hook of every route whose pattern starts with `prefix` and has
  // none yet (the api layer's request budget on /api/). Returns how many routes got it.
  size_t watch_bodies(std::string_view prefix, const std::function<BodyWatch(const HttpRequest&)>& watch);
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
  std::vector<WebSocketRoute> websockets_;
  HttpHandler fallback_;
};

}  // namespace tc::net
