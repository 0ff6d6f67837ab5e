#pragma once
// Wiring steps 5 and 7: the REST routes (and the web UI fallback) go into the router before the
// realtime part adds /socket.io/; the listener is built last, so no request arrives before
// everything it needs exists.
#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <string>

#include "api/context/api_context.hpp"
#include "app/domain_parts.hpp"
#include "core/config.hpp"
#include "core/metrics.hpp"
#include "net/http_server.hpp"
#include "net/router.hpp"

namespace tc::app {

// web/dist next to the binary (or --web-dir); empty when there is none (a built-in page is served).
std::string find_web_dir(const core::Config& cfg);

// Every REST route, then the web UI for the paths no route claims.
void add_rest_routes(net::Router& router, api::ApiContext& ctx, DomainParts& domain, const std::string& web_dir);

struct HttpParts {
  // Binds (throws when the port is taken) and starts accepting on `ioc`; the router is borrowed.
  HttpParts(boost::asio::io_context& ioc, const core::Config& cfg, const net::Router& router,
            core::MetricsRegistry& metrics);

  net::HttpServer server;  // owned
  uint16_t port = 0;       // the bound port (useful with --port 0)
};

}  // namespace tc::app
