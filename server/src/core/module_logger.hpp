#pragma once
// A file's logger, looked up once: `const core::ModuleLogger log("api.events");` at namespace scope,
// then `log()->info(...)`. Constant-initialised, so it is safe to use from any static's constructor;
// the spdlog logger itself is made (core::logger) on first use.
#include <memory>
#include <mutex>

#include "core/logging.hpp"

namespace tc::core {

class ModuleLogger {
 public:
  constexpr explicit ModuleLogger(const char* name) : name_(name) {}
  const std::shared_ptr<spdlog::logger>& operator()() const {
    std::call_once(once_, [this] { logger_ = logger(name_); });
    return logger_;
  }

 private:
  const char* name_;
  mutable std::once_flag once_;
  mutable std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace tc::core
