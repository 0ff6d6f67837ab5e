#pragma once
#include <string>

#include "api/rest/api_context.hpp"
#include "net/router.hpp"

namespace tc::api {

void add_auth_routes(net::Router& router, ApiContext& ctx);
void add_stream_routes(net::Router& router, ApiContext& ctx);
void add_system_routes(net::Router& router, ApiContext& ctx);

// Serves web/dist when `web_dir` holds a build, else a small built-in page listing live streams.
void add_web_fallback(net::Router& router, const std::string& web_dir);

}  // namespace tc::api
