#pragma once
// Wiring step 3: the bounded pools for blocking work (core/blocking_pool.hpp). Built after the
// domain services so that, on a failed start as on a normal one, the pools are joined (destroyed)
// before the services their queued work uses; the normal teardown joins them explicitly
// (app/shutdown.cpp) in the order written there.
#include "core/blocking_pool.hpp"
#include "core/dependency_gate.hpp"
#include "core/config.hpp"
#include "core/metrics.hpp"

namespace tc::app {

struct WorkerPools {
  // Registers each pool's depth on /metrics (tradecast_<name>_pool_pending), and the database gate's
  // state (tradecast_db_up, _calls_running, _oldest_call_seconds, _failures_total, _refused_total).
  WorkerPools(const core::Config& cfg, core::MetricsRegistry& metrics);

  // Whether the database answers: a call waits at most --db-timeout in the queue, and while the
  // database is down calls are refused at once (503 db_unavailable) but for one probe; a full disk
  // answers 507 storage_full (core/dependency_gate.hpp). Before the pool, which borrows it.
  core::DependencyGate db_gate;
  core::BlockingPool db;     // SQL
  core::BlockingPool auth;   // argon2id: bounded, so a login burst gets 503 instead of a queue
  core::BlockingPool blob;   // blob store calls (disk, S3)
  core::BlockingPool media;  // media plane calls that block (SDP negotiation)
};

}  // namespace tc::app
