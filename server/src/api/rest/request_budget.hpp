#pragma once
// The REST request budget (issue 12): every request to a route under /api/ spends one unit of its
// client address's budget and, when it carries an Authorization header, one of that token's (GCRA,
// core::RateLimiter: smooth, with an exact Retry-After). Past either one it is answered 429
// `rate_limited` with `Retry-After`, decided from the request head before any of the body is read
// (net's BodyWatch hook), so a flood costs neither body reads nor handlers nor database work.
// Defaults are generous (--rest-rate-limit-ip 2000/10s, --rest-rate-limit-token 600/10s: a busy web
// client makes a few requests a second); `0` switches a budget off (benchmarks). Thread-safe: check()
// runs on the I/O threads.
#include <optional>
#include <string_view>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/metrics.hpp"
#include "core/rate_limiter.hpp"
#include "net/http_message.hpp"
#include "net/router.hpp"

namespace tc::api {

class RequestBudget {
 public:
  RequestBudget(const core::Clock& clock, core::RateSpec per_ip, core::RateSpec per_token,
                core::MetricsRegistry& metrics);

  // nullopt: within budget (one unit of each spent); else the 429 to answer.
  std::optional<net::HttpResponse> check(const net::HttpRequest& req);
  // Puts check() in front of every route under `prefix` (app, once all routes are added). Routes
  // with a header-time hook of their own keep it and are not budgeted. Returns how many were.
  size_t install(net::Router& router, std::string_view prefix = "/api/");

 private:
  core::RateLimiter per_ip_;
  core::RateLimiter per_token_;
  core::Counter& ip_refused_;  // owned by the metrics registry
  core::Counter& token_refused_;
};

}  // namespace tc::api
