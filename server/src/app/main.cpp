// tradecast: one binary for the REST API, realtime, media and the web UI.
#include <iostream>

#include "app/cli_config.hpp"
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  try {
    if (*serve) return tc::app::run_server(serve_flags.resolve());
    if (*migrate) return tc::app::run_migrate(migrate_flags.resolve());
  } catch (const tc::core::ConfigError& e) {
    std::cerr << "tradecast: configuration error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "tradecast: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
