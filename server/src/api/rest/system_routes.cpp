// GET /healthz (200 while the database answers, else 503) and GET /metrics (Prometheus text).
#include "api/rest/replies.hpp"
#include "api/rest/routes.hpp"

namespace tc::api {
using boost::asio::awaitable;
using net::HttpRequest;
using net::HttpResponse;

void add_system_routes(net::Router& router, ApiContext& ctx) {
  router.add("GET", "/healthz", boundary([&ctx](HttpRequest&) -> awaitable<HttpResponse> {
               const bool db_ok = co_await ctx.db_pool.run([&] { return ctx.store.ping(); });
               co_return json_reply(db_ok ? 200 : 503,
                                    boost::json::object{{"status", db_ok ? "ok" : "unavailable"},
                                                        {"db", db_ok ? "ok" : "unavailable"},
                                                        {"dialect", ctx.store.dialect()}});
             }));

  router.add("GET", "/metrics", boundary([&ctx](HttpRequest&) -> awaitable<HttpResponse> {
               co_return HttpResponse::text(200, ctx.metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
             }));
}

}  // namespace tc::api
