#pragma once
// Command-line flags for every configuration option, on any subcommand, resolved with the TOML
// file and TRADECAST_* variables into one Config (file < env < flags).
#include <CLI/CLI.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/config.hpp"

namespace tc::app {

class ConfigFlags {
 public:
  // Adds --config and one flag per option to `cmd`.
  void add_to(CLI::App& cmd);
  // Defaults, then the TOML file (--config or TRADECAST_CONFIG), then env, then flags given.
  core::Config resolve() const;

 private:
  std::string config_file_;
  std::map<std::string, std::vector<std::string>> values_;  // option name → flag values, in order
  std::map<std::string, bool> flags_;                        // on/off options given as a bare flag
};

}  // namespace tc::app
