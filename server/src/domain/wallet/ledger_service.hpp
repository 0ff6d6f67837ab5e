#pragma once
// Wallets over the ledger: operator deposits, balances and statements, payouts, and the invariant
// check. Blocking (SQL): run on the DB pool.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "domain/accounts/identity.hpp"
#include "domain/wallet/money_rules.hpp"
#include "store/store.hpp"

namespace tc::domain {

struct DepositInput {
  std::string user;  // user id, or a username (case-insensitive) when `by_name_too`
  int64_t amount_cents = 0;
  std::optional<std::string> idempotency_key;  // retries with the same key deposit once
  std::string initiator = "operator";          // "operator" (REST) or "cli"
};

struct DepositOutcome {
  store::TransferRow transfer;
  std::string user_id;
  int64_t balance_cents = 0;
  bool replayed = false;
};

struct WalletView {
  int64_t balance_cents = 0;
  std::string currency;
  int64_t tips_earned_cents = 0;           // credits from TIP transfers (after fees)
  int64_t subscriptions_earned_cents = 0;  // credits from SUBSCRIPTION transfers (after fees)
};

struct StatementPage {
  std::vector<store::StatementLine> lines;
  std::optional<std::string> next_cursor;
};

class LedgerService {
 public:
  LedgerService(store::Store& store, const core::Clock& clock, MoneySettings settings);

  // Errors: user_not_found (404), invalid_amount, amount_too_large, invalid_idempotency_key (400),
  // idempotency_key_reused (409).
  core::Result<DepositOutcome> deposit(const DepositInput& in, bool by_name_too);
  WalletView wallet(const Identity& who);
  static constexpr int kStatementMax = 100;  // lines in one page of the statement, at most
  // Errors: invalid_limit, invalid_cursor (400).
  core::Result<StatementPage> transactions(const Identity& who, std::optional<int> limit,
                                           const std::optional<std::string>& cursor);

  // Moves `amount` from the wallet to platform:payouts until the operator decides. Errors:
  // invalid_amount, amount_too_large, invalid_idempotency_key (400), insufficient_funds,
  // idempotency_key_reused (409).
  core::Result<store::PayoutRow> request_payout(const Identity& who, int64_t amount_cents,
                                                const std::optional<std::string>& idempotency_key);
  // status PAID (money leaves to external:funding) or REJECTED (money returns to the wallet).
  // Errors: invalid_status (400), payout_not_found (404), payout_already_decided (409).
  core::Result<store::PayoutRow> decide_payout(const std::string& payout_id, const std::string& status);
  std::vector<store::PayoutRow> payouts_of(const Identity& who);
  // Errors: invalid_status (400).
  core::Result<std::vector<store::PayoutRow>> payouts_with_status(const std::optional<std::string>& status);

  store::LedgerReport verify();
  // Errors: currency_mismatch when the ledger already holds transfers in another currency than
  // the configured one (a deployment has one currency; changing it would mix amounts).
  core::Status check_currency();
  const MoneySettings& settings() const { return settings_; }

 private:
  store::Store& store_;       // borrowed, outlives us
  const core::Clock& clock_;  // borrowed
  MoneySettings settings_;
};

}  // namespace tc::domain
