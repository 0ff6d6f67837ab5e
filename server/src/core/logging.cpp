#include "core/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>

#include <mutex>

namespace tc::core {
namespace {
std::mutex g_mutex;
spdlog::level::level_enum g_level = spdlog::level::info;
spdlog::sink_ptr g_sink;

spdlog::sink_ptr sink() {
  if (!g_sink) {
    g_sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
    g_sink->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z level=%l logger=%n %v");
  }
  return g_sink;
}
}  // namespace

void init_logging(const std::string& level) {
  std::lock_guard lock(g_mutex);
  g_level = spdlog::level::from_str(level);
  spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& l) { l->set_level(g_level); });
}

std::shared_ptr<spdlog::logger> logger(const std::string& name) {
  std::lock_guard lock(g_mutex);
  if (auto existing = spdlog::get(name)) return existing;
  auto l = std::make_shared<spdlog::logger>(name, sink());
  l->set_level(g_level);
  l->flush_on(spdlog::level::info);
  spdlog::register_logger(l);
  return l;
}

}  // namespace tc::core
