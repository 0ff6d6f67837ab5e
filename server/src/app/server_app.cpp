#include "app/server_app.hpp"

#include <boost/asio/io_context.hpp>

#include <malloc.h>

#include <algorithm>
#include <cstdlib>
#include <thread>
#include <vector>

#include "api/rest/request_budget.hpp"
#include "app/domain_parts.hpp"
#include "app/http_parts.hpp"
#include "app/media_parts.hpp"
#include "app/realtime_parts.hpp"
#include "app/renewal_scheduler.hpp"
#include "app/shutdown.hpp"
#include "app/storage_parts.hpp"
#include "app/worker_pools.hpp"
#include "core/logging.hpp"

namespace tc::app {

namespace {

// glibc gives threads their own malloc arenas, up to 8 per core, and keeps what an arena once held.
// GStreamer starts new streaming threads for every broadcast, so each one left a few MiB behind in
// yet another arena: the soak's RSS rose in steps at each stream change, and 30 broadcasts in a row
// took it from 84 to 116 MiB. With 4 arenas the same 30 end at 91 MiB and stay there (measured with
// bench/media/rss_per_broadcast.mjs, docs/performance.md). An operator's MALLOC_ARENA_MAX wins.
void cap_malloc_arenas() {
  if (std::getenv("MALLOC_ARENA_MAX") == nullptr) mallopt(M_ARENA_MAX, 4);
}

// What the REST handlers and the events share. Everything in it is borrowed from the parts.
api::ApiContext api_context(const core::Config& cfg, const core::Clock& clock, core::MetricsRegistry& metrics,
                            StorageParts& storage, DomainParts& domain, WorkerPools& pools, MediaParts& media) {
  api::ApiContext ctx{cfg,
                      clock,
                      metrics,
                      *storage.store,
                      pools.db,
                      pools.auth,
                      domain.tokens,
                      domain.accounts,
                      domain.streams,
                      domain.auth_ip_limiter,
                      domain.login_fail_limiter,
                      domain.chat,
                      domain.viewers};
  ctx.media = media.service.get();
  ctx.media_pool = &pools.media;
  ctx.viewer_samples = &domain.viewer_samples;
  ctx.recordings = &domain.recordings;
  ctx.blob_pool = &pools.blob;
  ctx.alerts = &domain.alerts;
  // An alert's media_time_ms counts from the stream's timeline origin on this node's media plane
  // (core::MediaTimeline: the first frame, kept across publisher reconnects; never waits on a
  // negotiation, unlike stats()).
  if (auto* m = media.service.get()) {
    domain.alerts.set_media_origin(
        [m](const std::string& stream_id) -> std::optional<int64_t> { return m->timeline_origin_ms(stream_id); });
  }
  return ctx;
}

}  // namespace

int run_migrate(const core::Config& cfg) {
  core::init_logging(cfg.log_level);
  auto store = store::open_store(cfg.db, cfg.data_dir, 1);
  store->migrate();
  core::logger("app")->info("msg=\"migrations applied\" dialect={} version={}", store->dialect(),
                            store->schema_version());
  return 0;
}

int run_server(const core::Config& cfg) {
  cap_malloc_arenas();  // first, before any thread exists
  core::init_logging(cfg.log_level);
  const unsigned threads = cfg.io_threads > 0 ? cfg.io_threads : std::max(1u, std::thread::hardware_concurrency());
  core::SystemClock clock;
  core::MetricsRegistry metrics;

  // Wiring order. Each part borrows only from the parts above it, and they are destroyed in reverse
  // (after the explicit teardown in shutdown.cpp):
  //  1. storage: fail fast if the database is unreachable or the schema cannot be migrated;
  //  2. the domain services over it;
  //  3. the blocking pools (after the services, so they are joined before the services go);
  //  4. media: the media plane and its bridge to the stream life-cycle, before any route sees it;
  //  5. the REST routes, into a router that the realtime part then adds /socket.io/ to;
  //  6. realtime: Engine.IO, Socket.IO, the bus between nodes and the /streaming namespace;
  //  7. the listener last, so no request arrives before everything it needs exists.
  StorageParts storage(cfg);
  DomainParts domain(cfg, clock, metrics, storage);
  WorkerPools pools(cfg, metrics);
  MediaParts media(cfg, metrics, storage, domain, pools);
  auto ctx = api_context(cfg, clock, metrics, storage, domain, pools, media);
  boost::asio::io_context ioc(static_cast<int>(threads));
  net::Router router;
  const auto web_dir = find_web_dir(cfg);
  add_rest_routes(router, ctx, domain, web_dir);
  // Every /api/ route spends the caller's request budget first (issue 12), decided at header time.
  api::RequestBudget request_budget(clock, cfg.rest_rate_limit_ip, cfg.rest_rate_limit_token, metrics);
  request_budget.install(router);
  RealtimeParts realtime(ioc, cfg, clock, metrics, threads, ctx, domain, media, router);
  realtime.start();
  HttpParts http(ioc, cfg, router, metrics);
  RenewalScheduler renewals(ioc, pools.db, domain.subscriptions, std::chrono::milliseconds(cfg.renewal_interval_ms));
  renewals.start();
  core::logger("app")->info("msg=listening host={} port={} dialect={} schema={} web_dir=\"{}\" io_threads={}", cfg.host,
                            http.port, storage.store->dialect(), storage.store->schema_version(),
                            web_dir.empty() ? "(built-in page)" : web_dir, threads);

  GracefulStop stop(ioc, cfg, realtime, http.server);
  std::vector<std::thread> io_threads;
  for (unsigned i = 1; i < threads; ++i) io_threads.emplace_back([&] { ioc.run(); });
  ioc.run();
  teardown(cfg, io_threads, pools, media, realtime);
  return 0;
}

}  // namespace tc::app
