#include "net/router.hpp"

namespace tc::net {
namespace {

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    const auto end = path.find('/', i);
    const auto stop = end == std::string_view::npos ? path.size() : end;
    out.push_back(path.substr(i, stop - i));
    i = stop;
  }
  return out;
}

bool match_pattern(std::string_view pattern, std::string_view path, Fields& params) {
  const auto p = segments(pattern);
  const auto s = segments(path);
  if (p.size() != s.size()) return false;
  Fields found;
  for (size_t i = 0; i < p.size(); ++i) {
    if (!p[i].empty() && p[i][0] == ':') {
      found.emplace_back(std::string(p[i].substr(1)), std::string(s[i]));
    } else if (p[i] != s[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

void Router::add(std::string method, std::string pattern, HttpHandler handler, size_t body_limit) {
  Route r;
  r.method = std::move(method);
  r.name = pattern;
  r.pattern = std::move(pattern);
  r.body_limit = body_limit;
  r.handler = std::move(handler);
  routes_.push_back(std::move(r));
}

void Router::add_upload(std::string method, std::string pattern, HttpHandler handler, size_t body_limit,
                        std::function<std::optional<HttpResponse>(const HttpRequest&)> before_body) {
  add(std::move(method), std::move(pattern), std::move(handler), body_limit);
  routes_.back().spool_body = true;
  routes_.back().before_body = std::move(before_body);
}

bool Router::watch_body(std::string_view method, std::string_view pattern,
                        std::function<BodyWatch(const HttpRequest&)> watch) {
  for (auto& r : routes_) {
    if (r.method == method && r.pattern == pattern) {
      r.body_watch = std::move(watch);
      return true;
    }
  }
  return false;
}

size_t Router::watch_bodies(std::string_view prefix, const std::function<BodyWatch(const HttpRequest&)>& watch) {
  size_t n = 0;
  for (auto& r : routes_) {
    if (r.body_watch || !std::string_view(r.pattern).starts_with(prefix)) continue;
    r.body_watch = watch;
    ++n;
  }
  return n;
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match m;
  for (const auto& r : routes_) {
    Fields params;
    if (!match_pattern(r.pattern, path, params)) continue;
    if (r.method == method || (method == "HEAD" && r.method == "GET")) {
      m.route = &r;
      m.params = std::move(params);
      return m;
    }
    if (m.allow.find(r.method) == std::string::npos) m.allow += m.allow.empty() ? r.method : ", " + r.method;
  }
  return m;
}

}  // namespace tc::net
