#pragma once
// The money services the wallet, tip and subscription routes use (wired by app/, borrowed).
#include "domain/subscriptions/subscription_service.hpp"
#include "domain/wallet/ledger_service.hpp"
#include "domain/wallet/tip_service.hpp"

namespace tc::api {

struct MoneyContext {
  domain::LedgerService& ledger;
  domain::TipService& tips;
  domain::SubscriptionService& subscriptions;

  // The deployment's currency; app/ builds the three services from one MoneySettings.
  const std::string& currency() const { return ledger.settings().currency; }
};

}  // namespace tc::api
