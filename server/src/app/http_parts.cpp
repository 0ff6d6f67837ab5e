#include "app/http_parts.hpp"

#include <filesystem>

#include "api/rest/routes.hpp"

namespace tc::app {
namespace fs = std::filesystem;

namespace {

net::HttpServerOptions http_options(const core::Config& cfg) {
  net::HttpServerOptions o;
  o.host = cfg.host;
  o.port = cfg.port;
  o.body_limit = cfg.body_limit;
  o.cors_origins = cfg.cors_origins;
  o.header_timeout = std::chrono::milliseconds(cfg.http_header_timeout_ms);
  o.idle_timeout = std::chrono::milliseconds(cfg.http_idle_timeout_ms);
  // Upload bodies are spooled under the data dir (not /tmp, which may be a small tmpfs); files left
  // by a crash are removed here.
  o.spool_dir = (fs::path(cfg.data_dir) / "tmp" / "uploads").string();
  fs::remove_all(o.spool_dir);
  fs::create_directories(o.spool_dir);
  return o;
}

}  // namespace

std::string find_web_dir(const core::Config& cfg) {
  if (!cfg.web_dir.empty()) return cfg.web_dir;
  std::error_code ec;
  const auto exe = fs::read_symlink("/proc/self/exe", ec);
  for (const auto& candidate : {exe.parent_path() / ".." / "web" / "dist", fs::path("web") / "dist"}) {
    if (fs::is_regular_file(candidate / "index.html", ec)) return fs::weakly_canonical(candidate, ec).string();
  }
  return {};
}

void add_rest_routes(net::Router& router, api::ApiContext& ctx, DomainParts& domain, const std::string& web_dir) {
  api::add_system_routes(router, ctx);
  api::add_auth_routes(router, ctx);
  api::add_stream_routes(router, ctx);
  api::add_wallet_routes(router, ctx, domain.money);
  api::add_tip_routes(router, ctx, domain.money);
  api::add_subscription_routes(router, ctx, domain.money);
  api::add_chat_routes(router, ctx);
  api::add_moderation_routes(router, ctx, domain.moderation);
  api::add_alert_routes(router, ctx, domain.alerts);
  api::add_media_routes(router, ctx);
  api::add_upload_routes(router, ctx);
  // An alert the release log does not hold (older, or from before a restart): its row names its streamer.
  api::add_alert_delivery_routes(router, ctx, [&ctx](const std::string& alert_id) -> std::optional<std::string> {
    const auto row = ctx.store.alerts().alert(alert_id);
    if (!row) return std::nullopt;
    return row->streamer_id;
  });
  api::add_web_fallback(router, web_dir);
}

HttpParts::HttpParts(boost::asio::io_context& ioc, const core::Config& cfg, const net::Router& router,
                     core::MetricsRegistry& metrics)
    : server(ioc, http_options(cfg), router, metrics) {
  port = server.listen();
  server.start();
}

}  // namespace tc::app
