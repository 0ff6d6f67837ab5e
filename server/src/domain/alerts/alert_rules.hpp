#pragma once
// The input rules of trade alerts (issue 13): what a posted alert, an update and the channel's alert
// settings may hold, checked once here for REST and Socket.IO alike. Drafts hold what the client sent
// (prices still strings: the decoder in api/json refuses JSON numbers with price_not_string); the
// checked forms hold exact Decimals. Pure; no I/O. Error codes are listed in docs/alerts.md.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "domain/alerts/alert_release.hpp"
#include "domain/alerts/decimal.hpp"

namespace tc::domain {

inline constexpr size_t kMaxSymbolChars = 20;
inline constexpr size_t kMaxTargets = 5;
inline constexpr size_t kMaxAlertNoteChars = 500;  // code points
inline constexpr size_t kMinDisclaimerChars = 10;
inline constexpr size_t kMaxDisclaimerChars = 1000;

enum class Side { long_side, short_side };
const char* side_name(Side s);  // "long" | "short"

// What a client sent for a new alert; the decoder has checked the JSON types.
struct AlertDraft {
  std::string symbol;
  std::string side;
  std::optional<std::string> entry;      // a single price, or
  std::optional<std::string> entry_low;  // a zone {low, high}
  std::optional<std::string> entry_high;
  std::string stop;
  std::vector<std::string> targets;
  std::optional<int64_t> size_pct;
  std::optional<std::string> timeframe;
  std::optional<std::string> note;
  std::optional<bool> holds_position;
  std::optional<bool> paid_promotion;
  std::string idempotency_key;
};

// A checked alert. For a single entry price low == high and zone is false.
struct AlertSpec {
  std::string symbol;  // upper case
  Side side = Side::long_side;
  bool zone = false;
  Decimal entry_low;
  Decimal entry_high;
  Decimal stop;
  std::vector<Decimal> targets;
  std::optional<int> size_pct;
  std::optional<std::string> timeframe;  // scalp | day | swing | position
  std::optional<std::string> note;
  bool holds_position = false;
  bool paid_promotion = false;
};

// Errors (400): invalid_symbol, invalid_side, missing_field (entry, a disclosure), invalid_entry,
// invalid_price / price_not_positive / too_many_decimals / too_many_digits (any price), invalid_stop
// (not on the losing side of the whole entry), too_many_targets, invalid_target (not on the winning
// side), invalid_size_pct, invalid_timeframe, note_too_long, invalid_note, invalid_idempotency_key.
core::Result<AlertSpec> check_alert(const AlertDraft& draft);

// The symbol upper-cased, 1–20 of A–Z 0–9 . - / : !. Errors: invalid_symbol.
core::Result<std::string> normalize_symbol(std::string_view symbol);

// True when `price` is on the losing side of the entry for `side` (long: below the zone's low).
bool on_losing_side(Side side, const Decimal& low, const Decimal& high, const Decimal& price);
// True when `price` is on the winning side (long: above the zone's high).
bool on_winning_side(Side side, const Decimal& low, const Decimal& high, const Decimal& price);

enum class UpdateKind { filled, scale_out, move_stop, add_target, close, retract };
const char* kind_name(UpdateKind k);

struct UpdateDraft {
  std::string kind;
  std::optional<std::string> price;
  std::optional<int64_t> share_pct;
  std::optional<std::string> note;
  std::string idempotency_key;
};

struct AlertUpdate {
  UpdateKind kind = UpdateKind::filled;
  std::optional<Decimal> price;  // every kind but retract
  std::optional<int> share_pct;  // scale_out only: 1–99 of the original position
  std::optional<std::string> note;
};

// The form of an update, before it meets the alert. Errors (400): invalid_kind, missing_field
// (price, share_pct), the price codes, invalid_share_pct, unexpected_field (a price on retract,
// share_pct on anything but scale_out), note_too_long, invalid_note, invalid_idempotency_key.
core::Result<AlertUpdate> check_update(const UpdateDraft& draft);

// A note: ≤ 500 code points of well-formed UTF-8, newlines allowed, no other control characters.
core::Status check_note(const std::optional<std::string>& note);

// Channel alert settings. The disclaimer travels with every alert; none set means no alert may be
// posted (disclaimer_required).
struct AlertSettings {
  std::string streamer_id;
  std::optional<std::string> disclaimer;
  ReleaseDelays delays;
  int64_t updated_at = 0;  // 0: never set (the defaults)
};

// 10–1000 code points, no control characters but newlines. Errors: invalid_disclaimer.
core::Status check_disclaimer(std::string_view text);
// Each delay 0–900 s. Errors: invalid_release_delays.
core::Status check_delays(const ReleaseDelays& delays);

}  // namespace tc::domain
