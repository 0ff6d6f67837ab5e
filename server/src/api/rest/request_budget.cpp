#include "api/rest/request_budget.hpp"

#include <functional>

#include "api/rest/replies.hpp"

namespace tc::api {
namespace {

// 100k keys per limiter: a key expires one unit-interval after its last request within budget, so
// even a flood of distinct tokens from many addresses cannot fill it before old keys are swept.
constexpr size_t kMaxKeys = 100'000;

// A token's key: a hash of the header value (the token itself is a credential; never keep it).
std::string token_key(std::string_view authorization) {
  return std::to_string(std::hash<std::string_view>{}(authorization));
}

net::HttpResponse refusal(const core::RateLimiter::Decision& d, const char* what) {
  auto e = core::Error::rate_limited(static_cast<int>((d.retry_after_ms + 999) / 1000));
  e.message = std::string("Too many requests from this ") + what + "; try again after Retry-After seconds";
  return error_reply(e);
}

}  // namespace

RequestBudget::RequestBudget(const core::Clock& clock, core::RateSpec per_ip, core::RateSpec per_token,
                             core::MetricsRegistry& metrics)
    : per_ip_(clock, per_ip, kMaxKeys),
      per_token_(clock, per_token, kMaxKeys),
      ip_refused_(metrics.counter("tradecast_rest_rate_limited_total",
                                  "REST requests refused with 429 by the request budget", {{"budget", "ip"}})),
      token_refused_(metrics.counter("tradecast_rest_rate_limited_total",
                                     "REST requests refused with 429 by the request budget", {{"budget", "token"}})) {}

std::optional<net::HttpResponse> RequestBudget::check(const net::HttpRequest& req) {
  // The address first: a client rotating tokens is still one address, and is refused before its
  // tokens fill the token table.
  if (per_ip_.enabled()) {
    if (auto d = per_ip_.acquire(req.remote_ip); !d.allowed) {
      ip_refused_.inc();
      return refusal(d, "address");
    }
  }
  if (per_token_.enabled()) {
    if (const auto* auth = req.header("authorization"); auth && !auth->empty()) {
      if (auto d = per_token_.acquire(token_key(*auth)); !d.allowed) {
        token_refused_.inc();
        return refusal(d, "token");
      }
    }
  }
  return std::nullopt;
}

size_t RequestBudget::install(net::Router& router, std::string_view prefix) {
  return router.watch_bodies(prefix, [this](const net::HttpRequest& req) {
    net::BodyWatch w;
    w.refusal = check(req);
    return w;
  });
}

}  // namespace tc::api
