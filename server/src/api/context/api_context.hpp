#pragma once
// What the REST handlers need, wired once by app/. Everything is borrowed and outlives the routes.
#include <string>

#include "core/blocking_pool.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/metrics.hpp"
#include "core/rate_limiter.hpp"
#include "domain/accounts/account_service.hpp"
#include "domain/accounts/token_service.hpp"
#include "domain/alerts/alert_service.hpp"
#include "domain/chat/chat_service.hpp"
#include "domain/recordings/recording_service.hpp"
#include "domain/streams/stream_service.hpp"
#include "domain/viewers/viewer_sampler.hpp"
#include "domain/viewers/viewer_tracker.hpp"
#include "media/media_service.hpp"
#include "realtime/bus/event_bus.hpp"
#include "realtime/release/delivery_log.hpp"
#include "store/store.hpp"

namespace tc::api {

struct ApiContext {
  const core::Config& config;
  const core::Clock& clock;
  core::MetricsRegistry& metrics;
  store::Store& store;
  core::BlockingPool& db_pool;    // SQL
  core::BlockingPool& auth_pool;  // argon2id (bounded: a login burst gets 503, not a queue)
  domain::TokenService& tokens;
  domain::AccountService& accounts;
  domain::StreamService& streams;
  core::RateLimiter& auth_ip_limiter;
  core::RateLimiter& login_fail_limiter;
  domain::ChatService& chat;
  domain::ViewerTracker& viewers;
  // Media plane; null when --media=false. Its calls block (SDP negotiation): run them on media_pool.
  media::MediaService* media = nullptr;
  core::BlockingPool* media_pool = nullptr;
  // Viewers over time (GET /streaming/:id/viewers); wired by app. Its calls block: run on db_pool.
  domain::ViewerSampler* viewer_samples = nullptr;
  // Recordings in the blob store (issue 5); its calls block (disk, S3): run them on blob_pool.
  domain::RecordingService* recordings = nullptr;
  core::BlockingPool* blob_pool = nullptr;
  // Trade alerts (issue 13); wired by app. Its calls block: run on db_pool. Chat history drops the
  // ALERT lines a caller's tier has not been released yet through it.
  domain::AlertService* alerts = nullptr;
  // The event bus between nodes, for /healthz; set by app once the realtime parts exist.
  const realtime::bus::EventBus* bus = nullptr;
  // The timed releases' delivery audit (alerts by tier, GET /alerts/:id/delivery); set by app with the
  // realtime parts, which own it.
  const realtime::release::DeliveryLog* deliveries = nullptr;
};

}  // namespace tc::api
