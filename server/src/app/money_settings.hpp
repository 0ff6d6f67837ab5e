#pragma once
// Money settings from the configuration, checked once for every command that moves money.
#include "core/config.hpp"
#include "domain/wallet/money_rules.hpp"

namespace tc::app {

inline domain::MoneySettings money_settings(const core::Config& cfg) {
  if (cfg.subscription_period_ms < 1000) throw core::ConfigError("--subscription-period must be at least 1s");
  if (cfg.renewal_interval_ms < 100) throw core::ConfigError("--renewal-interval must be at least 100ms");
  domain::MoneySettings s;
  s.currency = cfg.currency;
  s.fee_bps = cfg.tip_fee_bps;
  s.tip_max_cents = cfg.tip_max_cents;
  s.subscription_period_ms = cfg.subscription_period_ms;
  s.tip_rate = cfg.tip_rate_limit;
  return s;
}

}  // namespace tc::app
