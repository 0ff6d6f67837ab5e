#pragma once
// Tips: a viewer pays a live streamer from their wallet; the platform keeps its fee. One call moves
// the money, records the tip and writes the TIP chat line in one durable transaction. Called by
// REST (POST /streaming/:id/tips) and the Socket.IO `send_tip` event alike. Blocking (SQL): run on
// the DB pool.
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "core/error.hpp"
#include "domain/accounts/identity.hpp"
#include "domain/wallet/money_rules.hpp"
#include "store/store.hpp"

namespace tc::domain {

struct TipInput {
  std::string stream_id;
  int64_t amount_cents = 0;
  std::optional<std::string> message;
  std::string idempotency_key;
};

struct TipOutcome {
  store::TipRow tip;
  std::string from_username;  // the tipper, for the room broadcast
  bool replayed = false;      // true when this key was seen before: nothing was paid this time
};

// Told about every tip that was paid (not about replays of one), whichever way it came in (REST or
// Socket.IO), so realtime can broadcast `tip_received` and the TIP chat line to the stream's room.
// Called on the DB pool thread right after the commit; implementations post to their own executors
// and must not throw.
class TipListener {
 public:
  virtual ~TipListener() = default;
  virtual void on_tip(const TipOutcome& tip, const std::string& chat_message_id) = 0;
};

class TipService {
 public:
  TipService(store::Store& store, const core::Clock& clock, MoneySettings settings);

  void set_listener(TipListener* listener) { listener_ = listener; }

  // Errors (code → kind): invalid_amount, amount_too_large, message_too_long, invalid_message,
  // missing_field / invalid_idempotency_key, cannot_tip_self (400); stream_not_found (404);
  // stream_not_live, insufficient_funds, idempotency_key_reused (409); rate_limited (429).
  core::Result<TipOutcome> send(const Identity& from, const TipInput& in);

  // What a stream earned in tips, summed from the ledger.
  store::TipTotals stream_totals(const std::string& stream_id);

  const MoneySettings& settings() const { return settings_; }

 private:
  core::Result<TipOutcome> replay(const Identity& from, const store::TransferRow& first, const std::string& fingerprint);

  store::Store& store_;       // borrowed, outlives us
  const core::Clock& clock_;  // borrowed
  MoneySettings settings_;
  core::RateLimiter limiter_;  // per tipper
  TipListener* listener_ = nullptr;  // borrowed, optional; set once at start-up
};

}  // namespace tc::domain
