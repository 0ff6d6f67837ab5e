#pragma once
// Renews or expires due subscriptions every `interval`, on the DB pool. Runs never overlap on this
// node; several nodes may run it at once (renewal charges carry a per-period idempotency key and
// rows an optimistic version). Time comes from the SubscriptionService's injected Clock.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>

#include "core/blocking_pool.hpp"
#include "domain/subscriptions/subscription_service.hpp"

namespace tc::app {

class RenewalScheduler {
 public:
  RenewalScheduler(boost::asio::io_context& ioc, core::BlockingPool& pool, domain::SubscriptionService& subscriptions,
                   std::chrono::milliseconds interval);
  // Arms the timer; the loop ends when the io_context stops.
  void start();

 private:
  void arm();
  void run_once();

  boost::asio::steady_timer timer_;            // touched only from its own handler chain
  core::BlockingPool& pool_;                   // borrowed, outlives us
  domain::SubscriptionService& subscriptions_;  // borrowed
  std::chrono::milliseconds interval_;
  std::atomic<bool> busy_{false};  // a pass is running on the pool
};

}  // namespace tc::app
