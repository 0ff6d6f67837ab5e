#include "app/domain_parts.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "app/money_settings.hpp"
#include "core/ids.hpp"

namespace tc::app {
namespace fs = std::filesystem;

namespace {

// The HS256 secret: configured, or generated once into the data dir (0600). Nodes sharing a
// database must share the secret: configure it (--jwt-secret) when running more than one.
std::string load_or_create_secret(const core::Config& cfg) {
  if (!cfg.jwt_secret.empty()) {
    if (cfg.jwt_secret.size() < 32) throw core::ConfigError("--jwt-secret must be at least 32 characters");
    return cfg.jwt_secret;
  }
  const auto path = fs::path(cfg.data_dir) / "jwt-secret";
  fs::create_directories(cfg.data_dir);
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::ifstream in(path);
    std::string secret;
    if (in && std::getline(in, secret) && secret.size() >= 32) return secret;
    // O_EXCL: two processes starting together agree on one secret.
    const auto tmp = path.string() + ".tmp" + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) throw std::runtime_error("cannot write " + tmp);
    secret = core::random_hex(32);
    const auto line = secret + "\n";
    const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) throw std::runtime_error("cannot write " + tmp);
    if (::link(tmp.c_str(), path.c_str()) != 0 && errno != EEXIST) {
      ::unlink(tmp.c_str());
      throw std::runtime_error("cannot create " + path.string());
    }
    ::unlink(tmp.c_str());
  }
  throw std::runtime_error("cannot read " + path.string());
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw core::ConfigError("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

domain::TokenSettings token_settings(const core::Config& cfg) {
  domain::TokenSettings s;
  s.hs256_secret = load_or_create_secret(cfg);
  s.ttl_ms = cfg.token_ttl_ms;
  if (!cfg.jwt_public_key_file.empty()) s.rs256_public_pem = read_file(cfg.jwt_public_key_file);
  s.external_issuer = cfg.jwt_issuer;
  return s;
}

domain::ChatSettings chat_settings(const core::Config& cfg) {
  domain::ChatSettings s;
  s.rate = cfg.chat_rate_limit;
  s.history = cfg.chat_history;
  return s;
}

}  // namespace

DomainParts::DomainParts(const core::Config& cfg, const core::Clock& clock, core::MetricsRegistry& metrics,
                         StorageParts& storage)
    : tokens(clock, token_settings(cfg)),
      hasher(cfg.argon2_cost),
      accounts(*storage.store, hasher, tokens, clock),
      streams(*storage.store, clock, cfg.max_live_streams_per_user),
      ledger(*storage.store, clock, money_settings(cfg)),
      tips(*storage.store, clock, money_settings(cfg)),
      subscriptions(*storage.store, clock, money_settings(cfg)),
      alerts(*storage.store, clock, subscriptions),
      recordings(*storage.store, *storage.blobs),
      chat(*storage.store, clock, chat_settings(cfg)),
      moderation(*storage.store, clock),
      viewers(clock),
      viewer_samples(*storage.store, viewers, clock,
                     {cfg.viewer_sample_interval_ms, cfg.viewer_samples_max, !cfg.redis.empty()}),
      auth_ip_limiter(clock, cfg.auth_rate_limit),
      login_fail_limiter(clock, cfg.login_fail_limit),
      money{ledger, tips, subscriptions} {
  if (auto c = ledger.check_currency(); !c) throw core::ConfigError(c.error().message);
  metrics.gauge_fn("tradecast_chat_pending_messages", "Chat messages acknowledged and not yet written",
                   [this] { return static_cast<double>(chat.pending()); });
}

}  // namespace tc::app
