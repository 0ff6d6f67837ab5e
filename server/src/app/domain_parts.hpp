#pragma once
// Wiring step 2: the domain services over the store. Members are built in the order they are
// declared (each only borrows those above it) and destroyed in reverse.
#include "api/rest/money_context.hpp"
#include "app/storage_parts.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/metrics.hpp"
#include "core/rate_limiter.hpp"
#include "domain/accounts/account_service.hpp"
#include "domain/accounts/password_hasher.hpp"
#include "domain/accounts/token_service.hpp"
#include "domain/alerts/alert_service.hpp"
#include "domain/chat/chat_service.hpp"
#include "domain/moderation/moderation_service.hpp"
#include "domain/recordings/recording_service.hpp"
#include "domain/streams/stream_service.hpp"
#include "domain/subscriptions/subscription_service.hpp"
#include "domain/viewers/viewer_sampler.hpp"
#include "domain/viewers/viewer_tracker.hpp"
#include "domain/wallet/ledger_service.hpp"
#include "domain/wallet/tip_service.hpp"

namespace tc::app {

struct DomainParts {
  // Throws core::ConfigError on a bad secret, key file or money setting (before anything listens).
  DomainParts(const core::Config& cfg, const core::Clock& clock, core::MetricsRegistry& metrics, StorageParts& storage);

  // All owned; `clock`, the store and the blob store are borrowed and outlive them.
  domain::TokenService tokens;
  domain::PasswordHasher hasher;
  domain::AccountService accounts;
  domain::StreamService streams;
  domain::LedgerService ledger;
  domain::TipService tips;
  domain::SubscriptionService subscriptions;
  domain::AlertService alerts;  // trade alerts (issue 13); viewers' tiers from subscriptions
  domain::RecordingService recordings;
  domain::ChatService chat;
  domain::ModerationService moderation;
  domain::ViewerTracker viewers;
  domain::ViewerSampler viewer_samples;
  core::RateLimiter auth_ip_limiter;
  core::RateLimiter login_fail_limiter;
  api::MoneyContext money;  // the three money services above, as the routes borrow them
};

}  // namespace tc::app
