#include "app/renewal_scheduler.hpp"

#include "core/logging.hpp"

namespace tc::app {

RenewalScheduler::RenewalScheduler(boost::asio::io_context& ioc, core::BlockingPool& pool,
                                   domain::SubscriptionService& subscriptions, std::chrono::milliseconds interval)
    : timer_(ioc), pool_(pool), subscriptions_(subscriptions), interval_(interval) {}

void RenewalScheduler::start() { arm(); }

void RenewalScheduler::arm() {
  timer_.expires_after(interval_);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    run_once();
    arm();
  });
}

void RenewalScheduler::run_once() {
  if (busy_.exchange(true)) return;  // the previous pass is still going
  pool_.post([this] {
    try {
      const auto r = subscriptions_.renew_due();
      if (r.renewed || r.expired || r.downgraded_to_free) {
        core::logger("domain.subscriptions")
            ->info("msg=\"renewal pass\" renewed={} expired={} downgraded_to_free={}", r.renewed, r.expired,
                   r.downgraded_to_free);
      }
    } catch (const std::exception& e) {
      core::logger("domain.subscriptions")->warn("msg=\"renewal pass failed\" error=\"{}\"", e.what());
    }
    busy_ = false;
  });
}

}  // namespace tc::app
