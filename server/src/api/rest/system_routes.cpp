// GET /healthz and GET /metrics (Prometheus text).
//
// /healthz answers within about half a second whatever the database does, from the DB pool's gate
// and one bounded ping; it never queues behind the pool's work:
//  - the gate is open (calls are being refused: the database was found down) → 503 degraded, at once;
//  - otherwise one ping at a time goes to the DB pool and is awaited for at most kPingWait: it
//    answered → 200 ok; it failed → 503 degraded (and the gate opens); no answer in time (a hung
//    database, or a pool so busy the ping waits in its queue) → 503 degraded, db "slow", while the
//    ping stays out and later checks wait on that same one instead of adding another.
// Every answer also names the event bus's state ("bus": in-process, connected, disconnected). Redis
// being away does not make the node unhealthy: it still serves its own clients, and taking every
// node out of a load balancer because Redis is down would turn a partial outage into a whole one.
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>

#include <atomic>
#include <chrono>
#include <memory>

#include "api/rest/replies.hpp"
#include "api/rest/routes.hpp"

namespace tc::api {

namespace {

constexpr auto kPingWait = std::chrono::milliseconds(500);

// The ping in flight, shared by concurrent /healthz requests. Any thread.
struct HealthPing {
  std::atomic<bool> in_flight{false};
  std::atomic<uint64_t> started{0};   // pings started
  std::atomic<uint64_t> finished{0};  // the last finished ping's number
  std::atomic<bool> answered{false};  // its result
};

// Starts a ping unless one is out; returns the number of the ping to wait for.
uint64_t start_ping(ApiContext& ctx, const std::shared_ptr<HealthPing>& ping) {
  bool idle = false;
  if (!ping->in_flight.compare_exchange_strong(idle, true)) return ping->started.load();
  const auto n = ping->started.fetch_add(1) + 1;
  // Fire and forget: the closure owns what it needs (the shared state; ctx outlives the pool).
  ctx.db_pool.post([&ctx, ping, n] {
    const bool ok = ctx.store.ping();
    if (auto* gate = ctx.db_pool.gate()) gate->report(ok, "health ping failed");
    ping->answered.store(ok);
    ping->finished.store(n);
    ping->in_flight.store(false);
  });
  return n;
}

const char* bus_state(const ApiContext& ctx) {
  if (!ctx.bus || !ctx.bus->spans_nodes()) return "in-process";
  return ctx.bus->connected() ? "connected" : "disconnected";
}

boost::json::object degraded(const ApiContext& ctx, const char* db, const core::DependencyGate::Snapshot& g) {
  return {{"status", "degraded"},
          {"db", db},
          {"bus", bus_state(ctx)},
          {"dialect", ctx.store.dialect()},
          {"db_down_for_ms", g.down_for_ms},
          {"db_pool_pending", ctx.db_pool.pending()},
          {"db_calls_running", g.running},
          {"db_oldest_call_ms", g.oldest_call_ms}};
}

}  // namespace

void add_system_routes(net::Router& router, ApiContext& ctx) {
  auto ping = std::make_shared<HealthPing>();
  router.add("GET", "/healthz", boundary([&ctx, ping](HttpRequest&) -> awaitable<HttpResponse> {
               const auto* gate = ctx.db_pool.gate();
               if (gate && gate->snapshot().down)
                 co_return json_reply(503, degraded(ctx, "unavailable", gate->snapshot()));
               const auto n = start_ping(ctx, ping);
               boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
               const auto until = std::chrono::steady_clock::now() + kPingWait;
               while (ping->finished.load() < n && std::chrono::steady_clock::now() < until) {
                 timer.expires_after(std::chrono::milliseconds(5));
                 co_await timer.async_wait(boost::asio::use_awaitable);
               }
               const auto snap = gate ? gate->snapshot() : core::DependencyGate::Snapshot{};
               if (ping->finished.load() < n) co_return json_reply(503, degraded(ctx, "slow", snap));
               if (!ping->answered.load()) co_return json_reply(503, degraded(ctx, "unavailable", snap));
               co_return json_reply(200, boost::json::object{{"status", "ok"},
                                                             {"db", "ok"},
                                                             {"bus", bus_state(ctx)},
                                                             {"dialect", ctx.store.dialect()}});
             }));

  router.add("GET", "/metrics", boundary([&ctx](HttpRequest&) -> awaitable<HttpResponse> {
               co_return HttpResponse::text(200, ctx.metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
             }));
}

}  // namespace tc::api
