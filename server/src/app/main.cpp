// tradecast: one binary for the REST API, realtime, media and the web UI.
#include <iostream>

#include "app/alerts_cli.hpp"
#include "app/cli_config.hpp"
#include "app/money_cli.hpp"
#include "app/server_app.hpp"
#include "store/store.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Tradecast: live streaming for trading communities"};
  app.require_subcommand(1);

  tc::app::ConfigFlags serve_flags, migrate_flags;
  auto* serve = app.add_subcommand("serve", "Run the server (migrates the database first)");
  serve_flags.add_to(*serve);
  auto* migrate = app.add_subcommand("migrate", "Apply pending database migrations and exit");
  migrate_flags.add_to(*migrate);

  // Money (issue 4): operator commands on the ledger.
  tc::app::ConfigFlags deposit_flags, verify_flags;
  std::string deposit_user, deposit_amount, deposit_key;
  auto* wallet = app.add_subcommand("wallet", "Wallet operations");
  wallet->require_subcommand(1);
  auto* deposit = wallet->add_subcommand("deposit", "Credit a user's wallet from outside (USER: username or id)");
  deposit_flags.add_to(*deposit);
  deposit->add_option("USER", deposit_user, "username or user id")->required();
  deposit->add_option("AMOUNT_CENTS", deposit_amount, "whole cents, e.g. 2500 for 25.00")->required();
  deposit->add_option("--idempotency-key", deposit_key, "running the command again with this key deposits once");
  auto* ledger = app.add_subcommand("ledger", "Ledger checks");
  ledger->require_subcommand(1);
  auto* verify = ledger->add_subcommand("verify", "Check every ledger invariant; exit 1 with a report if one fails");
  verify_flags.add_to(*verify);

  // Trade alerts (issue 13): the hash-chained logs recomputed.
  tc::app::ConfigFlags alerts_verify_flags;
  std::string alerts_channel;
  auto* alerts = app.add_subcommand("alerts", "Trade-alert checks");
  alerts->require_subcommand(1);
  auto* alerts_verify =
      alerts->add_subcommand("verify", "Recompute every channel's alert log; exit 1 with a report on a break");
  alerts_verify_flags.add_to(*alerts_verify);
  alerts_verify->add_option("--channel", alerts_channel, "only this channel (the streamer's user id)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  try {
    if (*serve) return tc::app::run_server(serve_flags.resolve());
    if (*migrate) return tc::app::run_migrate(migrate_flags.resolve());
    if (*deposit) {
      std::optional<std::string> key;
      if (!deposit_key.empty()) key = deposit_key;
      return tc::app::run_wallet_deposit(deposit_flags.resolve(), deposit_user, deposit_amount, key);
    }
    if (*verify) return tc::app::run_ledger_verify(verify_flags.resolve());
    if (*alerts_verify) return tc::app::run_alerts_verify(alerts_verify_flags.resolve(), alerts_channel);
  } catch (const tc::core::ConfigError& e) {
    std::cerr << "tradecast: configuration error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "tradecast: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
