#include "app/cli_config.hpp"

namespace tc::app {

void ConfigFlags::add_to(CLI::App& cmd) {
  cmd.add_option("--config", config_file_, "TOML configuration file (env TRADECAST_CONFIG)");
  for (const auto& spec : core::option_specs()) {
    if (spec.is_flag) {
      cmd.add_flag("--" + spec.name, flags_[spec.name], spec.help + " (env " + core::env_name(spec.name) + ")");
      continue;
    }
    auto* opt = cmd.add_option("--" + spec.name, values_[spec.name],
                               spec.help + " (env " + core::env_name(spec.name) + ")");
    if (!spec.repeatable) opt->expected(1)->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  }
}

core::Config ConfigFlags::resolve() const {
  core::Config cfg;
  const auto env = core::current_environment();
  std::string file = config_file_;
  if (file.empty()) {
    if (auto it = env.find("TRADECAST_CONFIG"); it != env.end()) file = it->second;
  }
  if (!file.empty()) core::apply_toml_file(cfg, file);
  core::apply_env(cfg, env);
  for (const auto& [name, on] : flags_) {
    if (on) core::apply_option(cfg, name, "true");
  }
  for (const auto& [name, vals] : values_) {
    for (const auto& v : vals) core::apply_option(cfg, name, v);
  }
  return cfg;
}

}  // namespace tc::app
