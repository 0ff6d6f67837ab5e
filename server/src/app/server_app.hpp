#pragma once
#include "core/config.hpp"

namespace tc::app {

// `tradecast serve`: wires every part in order, serves until SIGINT/SIGTERM, then drains.
int run_server(const core::Config& cfg);
// `tradecast migrate`: applies pending migrations and exits.
int run_migrate(const core::Config& cfg);

}  // namespace tc::app
