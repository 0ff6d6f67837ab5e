#include "app/worker_pools.hpp"

#include "store/store.hpp"

namespace tc::app {
namespace {

core::GateSettings db_gate_settings(const core::Config& cfg) {
  core::GateSettings s;
  s.name = "db";
  s.max_wait = std::chrono::milliseconds(cfg.db_timeout_ms);
  s.down_error = core::Error::db_unavailable();
  s.classify = [](const std::exception& e) -> std::optional<core::DependencyVerdict> {
    const auto failure = store::store_failure(e);
    if (!failure) return std::nullopt;
    if (*failure == store::StoreFailure::full) return core::DependencyVerdict{core::Error::storage_full(), false};
    return core::DependencyVerdict{core::Error::db_unavailable(), true};
  };
  return s;
}

}  // namespace

WorkerPools::WorkerPools(const core::Config& cfg, core::MetricsRegistry& metrics)
    : db_gate(db_gate_settings(cfg), metrics),
      db("db", static_cast<size_t>(cfg.db_pool_size), 10'000, &db_gate),
      auth("auth", static_cast<size_t>(cfg.auth_workers), static_cast<size_t>(cfg.auth_queue)),
      blob("blob", static_cast<size_t>(cfg.blob_workers), 64),
      media("media", 2, 64) {
  metrics.gauge_fn("tradecast_db_pool_pending", "Database calls queued or running",
                   [this] { return static_cast<double>(db.pending()); });
  metrics.gauge_fn("tradecast_auth_pool_pending", "Password hashes queued or running",
                   [this] { return static_cast<double>(auth.pending()); });
  metrics.gauge_fn("tradecast_blob_pool_pending", "Blob store calls queued or running",
                   [this] { return static_cast<double>(blob.pending()); });
}

}  // namespace tc::app
