#pragma once
// Trade-alert storage (issue 13): insert-only. Every alert event (a post, each update) is one row of
// the channel's hash-chained log (alert_events: seq, prev_hash, hash, the canonical entry); `alerts`
// indexes the posts (symbol, time, idempotency key, release delays) and channel_alert_settings keeps
// every version of a channel's settings. Nothing here updates or deletes a row of these tables — no
// such method exists, and the migrations add triggers that refuse UPDATE and DELETE on them. Every
// method blocks (DB pool). The chain's rules (hashing, canonical form) are domain/alerts'.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "store/rows.hpp"

namespace tc::store {

// One alert (the post), as indexed. Its content is the post entry of the log.
struct AlertRow {
  std::string alert_id;
  std::string streamer_id;
  std::string stream_id;
  std::string symbol;
  int64_t posted_at = 0;
  int64_t post_seq = 0;
  std::string idempotency_key;
  std::string fingerprint;  // of the request, so a reused key with another body is told apart
  int delay_premium_s = 0;  // the channel's release delays when it was posted
  int delay_basic_s = 0;
  int delay_free_s = 0;
};

// One entry of a channel's log. `body` is the canonical JSON of the entry without hash and prev_hash.
struct AlertEventRow {
  std::string streamer_id;
  int64_t seq = 0;
  std::string alert_id;
  std::string kind;  // post | filled | scale_out | move_stop | add_target | close | retract
  std::string body;
  std::string prev_hash;
  std::string hash;
  int64_t created_at = 0;
  std::optional<std::string> idempotency_key;  // updates only (a post's is on its AlertRow)
};

struct AlertSettingsRow {
  std::string streamer_id;
  int64_t version = 0;  // 1, 2, … per channel; the highest is in force
  std::optional<std::string> disclaimer;
  int delay_premium_s = 0;
  int delay_basic_s = 0;
  int delay_free_s = 60;
  int64_t created_at = 0;
};

// The newest entry of a channel's chain: seq 0 and the genesis hash (64 '0's) when it has none.
struct ChainHead {
  int64_t seq = 0;
  std::string hash = std::string(64, '0');
};

// What an append writes, decided under the channel's chain lock.
struct AlertAppend {
  std::optional<AlertRow> alert;        // a post
  AlertEventRow event;                  // seq = head.seq + 1, prev_hash = head.hash, sealed
  std::optional<MessageRow> chat_line;  // the ALERT chat line of a post
};

// Seals the next entry from the chain's head and the alert's own entries so far (oldest first; none
// for a post), or refuses it (the alert's state forbids the update): nothing is written then.
using AlertSealer =
    std::function<core::Result<AlertAppend>(const ChainHead& head, const std::vector<AlertEventRow>& alert_events)>;

// Keyset position in a channel's alert list (posted_at desc, alert_id desc).
struct AlertCursor {
  int64_t posted_at = 0;
  std::string alert_id;
};

struct AlertQuery {
  std::string streamer_id;
  std::optional<std::string> symbol;
  std::optional<int64_t> from;  // posted_at ≥ from
  std::optional<int64_t> to;    // posted_at < to
  std::optional<AlertCursor> before;
  // Only alerts already released to this tier ("PREMIUM" | "BASIC" | "FREE") at `now`: posted_at +
  // its delay for the tier <= now. None: every alert (the streamer's own view).
  std::optional<std::string> released_for;
  int64_t now = 0;
  int limit = 50;
};

enum class AppendStatus { appended, refused, duplicate_key };
struct AppendResult {
  AppendStatus status = AppendStatus::appended;
  std::optional<AlertEventRow> event;  // appended
  std::optional<core::Error> error;    // refused: the sealer's error
};

class AlertStore {
 public:
  virtual ~AlertStore() = default;

  // Appends one entry to `streamer_id`'s chain in one transaction, serialised per channel (a lock
  // row, then the head read): the sealer sees the head and `alert_id`'s entries ("" for a post) and
  // returns what to write — the entry, and for a post the alerts row and the ALERT chat line. The
  // post's or update's idempotency key taken already (a concurrent retry) is duplicate_key.
  virtual AppendResult append(const std::string& streamer_id, const std::string& alert_id, const AlertSealer& seal) = 0;

  virtual std::optional<AlertRow> alert(const std::string& alert_id) = 0;
  // These alerts (any order; at most 500 ids).
  virtual std::vector<AlertRow> alerts_by_id(const std::vector<std::string>& alert_ids) = 0;
  virtual std::optional<AlertRow> alert_by_key(const std::string& streamer_id, const std::string& key) = 0;
  // Newest first.
  virtual std::vector<AlertRow> alerts(const AlertQuery& query) = 0;
  // The entries of these alerts, each alert's oldest first (at most 500 ids).
  virtual std::vector<AlertEventRow> events_of(const std::vector<std::string>& alert_ids) = 0;
  virtual std::optional<AlertEventRow> update_by_key(const std::string& alert_id, const std::string& key) = 0;
  // A channel's chain from seq > after_seq, oldest first, at most `limit`.
  virtual std::vector<AlertEventRow> log(const std::string& streamer_id, int64_t after_seq, int limit) = 0;
  // Every channel with a chain, sorted (for `tradecast alerts verify`).
  virtual std::vector<std::string> channels() = 0;

  // The settings in force (the highest version), if ever set.
  virtual std::optional<AlertSettingsRow> settings(const std::string& streamer_id) = 0;
  // Appends a new version (row.version is ignored: the next one is taken in the transaction).
  virtual AlertSettingsRow add_settings(const AlertSettingsRow& row) = 0;
};

}  // namespace tc::store
