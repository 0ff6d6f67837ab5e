#pragma once
// Operator commands on the money ledger; safe while a server runs on the same database (SQLite
// waits on the write lock; MariaDB row locks), since they use the same transactions as the server.
#include <optional>
#include <string>

#include "core/config.hpp"

namespace tc::app {

// `tradecast wallet deposit USER AMOUNT_CENTS`: USER is a user id or a username. Exit 0 on success,
// 1 when refused (unknown user, bad amount), with the reason on stderr.
int run_wallet_deposit(const core::Config& cfg, const std::string& user, const std::string& amount_cents,
                       const std::optional<std::string>& idempotency_key);
// `tradecast ledger verify`: checks every ledger invariant; exit 0 when all hold, 1 with a report.
int run_ledger_verify(const core::Config& cfg);

}  // namespace tc::app
