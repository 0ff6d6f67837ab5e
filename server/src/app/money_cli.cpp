#include "app/money_cli.hpp"

#include <charconv>
#include <iostream>

#include "app/money_settings.hpp"
#include "core/clock.hpp"
#include "core/logging.hpp"
#include "domain/wallet/ledger_service.hpp"
#include "store/store.hpp"

namespace tc::app {

int run_wallet_deposit(const core::Config& cfg, const std::string& user, const std::string& amount_text,
                       const std::optional<std::string>& idempotency_key) {
  core::init_logging("warn");
  int64_t amount = 0;
  auto [p, ec] = std::from_chars(amount_text.data(), amount_text.data() + amount_text.size(), amount);
  if (ec != std::errc() || p != amount_text.data() + amount_text.size()) {
    std::cerr << "tradecast: AMOUNT_CENTS must be a whole number of cents, got '" << amount_text << "'\n";
    return 1;
  }
  auto store = store::open_store(cfg.db, cfg.data_dir, 1);
  store->migrate();
  core::SystemClock clock;
  domain::LedgerService ledger(*store, clock, money_settings(cfg));
  auto r = ledger.deposit({user, amount, idempotency_key, "cli"}, true);
  if (!r) {
    std::cerr << "tradecast: deposit refused: " << r.error().code << ": " << r.error().message << "\n";
    return 1;
  }
  std::cout << (r->replayed ? "already deposited " : "deposited ") << r->transfer.amount_cents << " cents ("
            << r->transfer.currency << ") to user " << r->user_id << "; transfer " << r->transfer.transfer_id
            << "; balance " << r->balance_cents << " cents\n";
  return 0;
}

int run_ledger_verify(const core::Config& cfg) {
  core::init_logging("warn");
  auto store = store::open_store(cfg.db, cfg.data_dir, 1);
  store->migrate();
  core::SystemClock clock;
  domain::LedgerService ledger(*store, clock, money_settings(cfg));
  const auto rep = ledger.verify();
  std::cout << "ledger " << store->dialect() << ": " << rep.transfers << " transfers, " << rep.entries << " entries, "
            << rep.accounts << " accounts\n"
            << "balances inside " << rep.internal_balance_cents << " = deposits " << rep.deposits_cents
            << " - paid payouts " << rep.paid_payouts_cents << "\n";
  if (rep.ok()) {
    std::cout << "OK: every invariant holds\n";
    return 0;
  }
  std::cout << "FAILED: " << rep.problems.size() << " problem(s)\n";
  for (const auto& p : rep.problems) std::cout << "  - " << p << "\n";
  return 1;
}

}  // namespace tc::app
