#pragma once
// An alert's state and its lifecycle (issue 13): open → active (filled) → closed, or open →
// retracted. Nothing is ever edited: the state is the post folded with its updates, in order, and
// the same fold runs when the update is accepted (under the channel's chain lock) and whenever the
// alert is read. P&L from the stated fills once closed. Pure; no I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/alerts/alert_release.hpp"
#include "domain/alerts/alert_rules.hpp"
#include "domain/alerts/decimal.hpp"

namespace tc::domain {

inline constexpr int kPnlDecimals = 4;

struct AlertExit {
  Decimal price;
  int share_pct = 0;  // of the original position; the close takes what is left
  int64_t at = 0;
};

// Exact results rounded half-even to 4 decimals, as counts of 0.0001 (units_string() prints them).
struct AlertPnl {
  Wide return_units = 0;  // return in %, weighted over the exits
  Wide r_units = 0;       // R multiple against the initial stop
};

struct AlertState {
  std::string alert_id;
  std::string stream_id;
  std::string streamer_id;
  AlertSpec spec;  // as posted: spec.stop is the initial stop, spec.targets the posted targets
  std::string disclaimer;
  ReleaseDelays delays;
  std::optional<int64_t> media_time_ms;
  int64_t posted_at = 0;
  int64_t seq = 0;  // of the post entry
  std::string hash;

  std::string status = "open";  // open | active | closed | retracted
  Decimal stop;                 // in force
  std::vector<Decimal> targets;
  std::optional<Decimal> fill;
  std::vector<AlertExit> exits;
  int exited_share = 0;  // % of the position closed by scale-outs (and the close: 100)
  std::optional<int64_t> closed_at;
  std::optional<AlertPnl> pnl;
  int64_t last_seq = 0;  // of the newest entry folded in
  int64_t updated_at = 0;
};

// Applies a checked update made at `at`. Errors: alert_closed, alert_retracted (409: nothing changes
// a finished alert), already_filled (409: a second fill; retract after a fill), not_filled (409:
// scale_out or close before the fill), invalid_fill (400: on the stop's side), invalid_stop (400: an
// unfilled alert's stop off the losing side), invalid_target (400: not on the winning side of the
// fill, or of the entry before it), too_many_targets (400), invalid_share_pct (400: the scale-outs
// would close 100 % or more; the close takes the rest).
core::Status apply_update(AlertState& alert, const AlertUpdate& update, int64_t at);

// Weighted over `exits` (their shares sum to 100): return % = Σ share·(exit − fill) / fill and
// R = Σ share·(exit − fill) / (100·|fill − initial stop|), both negated for a short; nullopt when
// fill == stop (no R can be taken against it: refused as invalid_fill before).
std::optional<AlertPnl> compute_pnl(Side side, const Decimal& fill, const Decimal& initial_stop,
                                    const std::vector<AlertExit>& exits);

// "LONG AAPL @ 189.5 stop 185 → 195" (a zone: "@ 189-190"; several targets: "→ 195 / 200").
std::string alert_chat_text(const AlertState& alert);

}  // namespace tc::domain
