#pragma once
// One spdlog logger per module ("net.http", "domain.accounts"), lines in key=value form so that log
// tools can parse them: `2026-11-24T10:00:00.000+0000 level=info logger=net.http msg="..." k=v`.
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace tc::core {

void init_logging(const std::string& level);

// The named logger, created on first use with the shared sink and level.
std::shared_ptr<spdlog::logger> logger(const std::string& name);

}  // namespace tc::core
