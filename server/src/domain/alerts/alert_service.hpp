#pragma once
// Trade alerts (issue 13): the streamer of a LIVE stream posts an alert and its updates; every event
// is appended to the channel's hash-chained log, in one transaction with (for a post) the ALERT chat
// line. Reads answer with what the caller's tier has been released (alert_release.hpp). Called by
// REST and Socket.IO alike. Blocking (SQL): run on the DB pool. Time from the injected Clock.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/rate_limiter.hpp"
#include "domain/accounts/identity.hpp"
#include "domain/alerts/alert_chain.hpp"
#include "domain/alerts/alert_entry.hpp"
#include "domain/alerts/alert_rules.hpp"
#include "domain/alerts/track_record.hpp"
#include "domain/subscriptions/subscription_service.hpp"
#include "store/store.hpp"

namespace tc::domain {

struct AlertSettingsChange {
  std::optional<std::string> disclaimer;
  std::optional<int> premium_s;
  std::optional<int> basic_s;
  std::optional<int> free_s;
};

struct PostOutcome {
  AlertState alert;
  store::MessageRow chat_line;  // the ALERT line (replays: empty message_id)
  bool replayed = false;        // the key was seen: the first alert, nothing written this time
};

struct UpdateOutcome {
  AlertState alert;  // after the update
  AppliedUpdate update;
  bool replayed = false;
};

struct AlertListQuery {
  std::optional<std::string> symbol;
  std::optional<std::string> status;  // open | active | closed | retracted
  std::optional<int64_t> from;
  std::optional<int64_t> to;
  std::optional<std::string> cursor;
  int limit = 50;
};

struct AlertPage {
  std::vector<AlertState> alerts;  // newest first
  std::optional<std::string> next_cursor;
};

struct LogPage {
  std::vector<store::AlertEventRow> events;  // oldest first
  std::optional<int64_t> next_seq;           // pass as after_seq; none when nothing more is released yet
};

// Told about every alert posted and every update accepted (not about replays), whichever way it
// came in (REST or Socket.IO), so realtime can send `alert` / `alert_updated` and the ALERT chat line.
// Called on the DB pool thread right after the commit; implementations post to their own executors
// and must not throw.
class AlertListener {
 public:
  virtual ~AlertListener() = default;
  virtual void on_alert_posted(const PostOutcome& posted) = 0;
  virtual void on_alert_updated(const UpdateOutcome& updated) = 0;
};

class AlertService {
 public:
  static constexpr int kMaxListLimit = 100;
  static constexpr int kMaxLogLimit = 500;
  static constexpr int kDefaultLogLimit = 100;
  static constexpr int kMaxScan = 1000;                // alerts read for one list page (status filter)
  static constexpr int kMaxTrackRecordAlerts = 20000;  // newest first

  // Posts and updates per streamer: each is a durable transaction on the channel's chain lock, so a
  // flood must not monopolise it (a trading room posts a few calls a minute). Replays are not counted.
  static constexpr core::RateSpec kDefaultRate{60, 60'000};

  AlertService(store::Store& store, const core::Clock& clock, SubscriptionService& subscriptions,
               core::RateSpec rate = kDefaultRate);

  // The epoch ms of a live stream's first media frame (none while nothing is published), for an
  // alert's media_time_ms; any thread. Call these at start-up only, before serving.
  using MediaOrigin = std::function<std::optional<int64_t>(const std::string& stream_id)>;
  void set_media_origin(MediaOrigin origin) { media_origin_ = std::move(origin); }
  void set_listener(AlertListener* listener) { listener_ = listener; }

  // Chat history: drops the ALERT lines of alerts not yet released to `viewer`.
  void drop_unreleased(const std::optional<Identity>& viewer, const std::string& streamer_id,
                       std::vector<store::MessageRow>& lines);

  // The caller's tier on `streamer_id`'s channel (none: anonymous, FREE).
  Tier tier_of(const std::optional<Identity>& viewer, const std::string& streamer_id);

  // Errors: user_not_found (404).
  core::Result<AlertSettings> settings(const std::string& streamer_id);
  // The caller's own channel; absent fields keep their value. Errors: invalid_disclaimer,
  // invalid_release_delays (400).
  core::Result<AlertSettings> set_settings(const Identity& who, const AlertSettingsChange& change);

  // Errors: stream_not_found (404), not_streamer (403), the check_alert() codes (400),
  // idempotency_key_reused, stream_not_live, disclaimer_required (409), rate_limited (429). A retry with a used key
  // returns the first alert (replayed), whatever happened since.
  core::Result<PostOutcome> post(const Identity& who, const std::string& stream_id, const AlertDraft& draft);
  // Errors: alert_not_found (404), not_streamer (403), the check_update() and apply_update() codes,
  // idempotency_key_reused (409), rate_limited (429).
  core::Result<UpdateOutcome> update(const Identity& who, const std::string& alert_id, const UpdateDraft& draft);

  // Errors: user_not_found (404), invalid_status, invalid_symbol, invalid_cursor (400). A page may
  // hold fewer than `limit` alerts while more follow (a status filter reads at most kMaxScan).
  core::Result<AlertPage> alerts(const std::optional<Identity>& viewer, const std::string& streamer_id,
                                 const AlertListQuery& query);
  // The chain after `after_seq`, up to the first entry not yet released to the caller (so what is
  // returned always verifies). Errors: user_not_found (404).
  core::Result<LogPage> log(const std::optional<Identity>& viewer, const std::string& streamer_id, int64_t after_seq,
                            int limit);
  // Errors: user_not_found (404).
  core::Result<TrackRecord> track_record(const std::optional<Identity>& viewer, const std::string& streamer_id);

  // Recomputes one channel's chain (`tradecast alerts verify`), or every channel's.
  ChainReport verify(const std::string& streamer_id);
  std::vector<ChainReport> verify_all();

 private:
  core::Status channel_exists(const std::string& streamer_id);
  core::Status take_rate(const std::string& streamer_id);
  AlertSettings settings_or_defaults(const std::string& streamer_id);
  core::Result<PostOutcome> replay_post(const store::AlertRow& first, const std::string& fingerprint);
  core::Result<UpdateOutcome> replay_update(const store::AlertRow& alert, const store::AlertEventRow& first,
                                            const std::string& fingerprint);
  // The alerts of `rows` as `tier` sees them at `now` (rows not released yet left out).
  std::vector<AlertState> fold_rows(const std::vector<store::AlertRow>& rows, Tier tier, int64_t now);

  store::Store& store_;                 // borrowed, outlives us
  const core::Clock& clock_;            // borrowed
  SubscriptionService& subscriptions_;  // borrowed: viewers' tiers
  core::RateLimiter limiter_;           // per streamer, posts and updates together
  AlertListener* listener_ = nullptr;   // borrowed, optional; set once at start-up
  MediaOrigin media_origin_;            // optional; set once at start-up
};

}  // namespace tc::domain
