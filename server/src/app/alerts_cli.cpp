#include "app/alerts_cli.hpp"

#include <iostream>

#include "core/clock.hpp"
#include "core/logging.hpp"
#include "domain/alerts/alert_service.hpp"
#include "domain/subscriptions/subscription_service.hpp"
#include "store/store.hpp"

namespace tc::app {

int run_alerts_verify(const core::Config& cfg, const std::string& channel) {
  core::init_logging("warn");
  auto store = store::open_store(cfg.db, cfg.data_dir, 1);
  store->migrate();
  core::SystemClock clock;
  domain::SubscriptionService subscriptions(*store, clock, {});
  domain::AlertService alerts(*store, clock, subscriptions);
  const auto reports = channel.empty() ? alerts.verify_all() : std::vector<domain::ChainReport>{alerts.verify(channel)};
  int64_t entries = 0;
  size_t broken = 0;
  for (const auto& r : reports) {
    entries += r.entries;
    if (r.ok()) {
      std::cout << "channel " << r.streamer_id << ": " << r.entries << " entries, head " << r.head_hash << ": ok\n";
      continue;
    }
    ++broken;
    std::cout << "channel " << r.streamer_id << ": " << r.entries << " entries: BROKEN\n";
    for (const auto& b : r.breaks) std::cout << "  - seq " << b.seq << ": " << b.problem << "\n";
  }
  std::cout << "alerts " << store->dialect() << ": " << reports.size() << " channel(s), " << entries << " entries\n";
  if (broken == 0) {
    std::cout << "OK: every alert log verifies\n";
    return 0;
  }
  std::cout << "FAILED: " << broken << " channel(s) with a broken log\n";
  return 1;
}

}  // namespace tc::app
