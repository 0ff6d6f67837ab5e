#include "app/worker_pools.hpp"

namespace tc::app {

WorkerPools::WorkerPools(const core::Config& cfg, core::MetricsRegistry& metrics)
    : db("db", static_cast<size_t>(cfg.db_pool_size), 10'000),
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
