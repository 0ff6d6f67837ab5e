#pragma once
#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <optional>
#include <string>

#include "api/context/api_context.hpp"
#include "api/rest/money_context.hpp"
#include "domain/alerts/alert_service.hpp"
#include "domain/moderation/moderation_service.hpp"
#include "net/router.hpp"

namespace tc::api {

// The words every route file's handlers are written in.
using boost::asio::awaitable;
using net::HttpRequest;
using net::HttpResponse;

void add_auth_routes(net::Router& router, ApiContext& ctx);
void add_stream_routes(net::Router& router, ApiContext& ctx);
// Chat history and stream stats (the realtime side is api/events/streaming_namespace).
void add_chat_routes(net::Router& router, ApiContext& ctx);
void add_system_routes(net::Router& router, ApiContext& ctx);
// Money (issue 4): wallet + payouts, tips, channel prices and subscriptions.
void add_wallet_routes(net::Router& router, ApiContext& ctx, MoneyContext& money);
void add_tip_routes(net::Router& router, ApiContext& ctx, MoneyContext& money);
void add_subscription_routes(net::Router& router, ApiContext& ctx, MoneyContext& money);
// WHIP/WHEP signalling, media stats, HLS, recordings and thumbnails (issue 5).
void add_media_routes(net::Router& router, ApiContext& ctx);
// POST /api/v1/streaming/upload: attach a recording file to an ended stream (multipart, spooled).
void add_upload_routes(net::Router& router, ApiContext& ctx);
// Media stats of a live stream for GET /stats (null when not live on this node).
boost::asio::awaitable<boost::json::value> media_stats_json(ApiContext& ctx, const store::StreamRow& s);

// GET /api/v1/alerts/:alert_id/delivery, the fair-release audit (issue 13). `owner_of` (blocking,
// run on the DB pool; may be empty) names the streamer of an alert the release log does not hold.
using AlertOwnerLookup = std::function<std::optional<std::string>(const std::string& alert_id)>;
void add_alert_delivery_routes(net::Router& router, ApiContext& ctx, AlertOwnerLookup owner_of);

// Channel moderators, chat settings, blocked terms and bans (domain/moderation).
void add_moderation_routes(net::Router& router, ApiContext& ctx, domain::ModerationService& moderation);
// Trade alerts (issue 13): posting and updates, channel alert settings, the alert list, the log and
// the track record (domain/alerts).
void add_alert_routes(net::Router& router, ApiContext& ctx, domain::AlertService& alerts);
// Serves web/dist when `web_dir` holds a build, else a small built-in page listing live streams.
void add_web_fallback(net::Router& router, const std::string& web_dir);

}  // namespace tc::api
