#pragma once
// Alert log entries (issue 13; docs/alerts.md "The log"): how a post and an update are written into
// the channel's chain, and how an alert's state is folded back from its entries. The entry is the
// record: the `alerts` table only indexes it. Pure; a malformed stored entry throws (our own data:
// `tradecast alerts verify` reports where).
#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <vector>

#include "domain/alerts/alert_state.hpp"
#include "store/alert_store.hpp"

namespace tc::domain {

// The post entry: kind "post", seq, alert_id, stream_id, streamer_id, at, symbol, side, entry (a
// price string or {low, high}), stop, targets, size_pct, timeframe, note, media_time_ms,
// disclosures {holds_position, paid_promotion, disclaimer}, release_delays {PREMIUM, BASIC, FREE}.
boost::json::object post_entry(const AlertState& alert, int64_t seq);
// An update entry: kind, seq, alert_id, stream_id, streamer_id, at, price, share_pct, note.
boost::json::object update_entry(const AlertState& alert, const AlertUpdate& update, int64_t seq, int64_t at);

// A stored row sealed: body = canonical(entry), prev_hash = head, hash = chain_hash(head, body).
store::AlertEventRow seal_entry(const boost::json::object& entry, const store::ChainHead& head,
                                const std::string& streamer_id, const std::string& alert_id, int64_t at);

AlertState parse_post(const store::AlertEventRow& row);
AlertUpdate parse_update(const boost::json::object& entry);

// An update as the `alert_updated` event and the API show it.
struct AppliedUpdate {
  AlertUpdate update;
  int64_t seq = 0;
  std::string hash;
  int64_t at = 0;
};

// The alert as `viewer` sees it at `now`: its post and the updates released to that tier, in order
// (events oldest first, the post first). nullopt when the post itself is not released yet. `applied`
// (when given) receives the updates folded in.
std::optional<AlertState> fold_alert(const std::vector<store::AlertEventRow>& events, Tier viewer, int64_t now,
                                     std::vector<AppliedUpdate>* applied = nullptr);

}  // namespace tc::domain
