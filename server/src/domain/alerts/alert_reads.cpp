// AlertService's reads (issue 13): the alert list, the log and the track record, each answering with
// what the caller's tier has been released, the chat-history filter, and chain verification.
#include <algorithm>
#include <charconv>

#include "core/ids.hpp"
#include "domain/alerts/alert_service.hpp"

namespace tc::domain {

namespace {

std::optional<store::AlertCursor> parse_cursor(const std::string& c) {
  const auto colon = c.find(':');
  if (colon == std::string::npos || colon == 0 || !core::is_uuid(c.substr(colon + 1))) return std::nullopt;
  int64_t at = 0;
  const auto* end = c.data() + colon;
  if (auto [p, ec] = std::from_chars(c.data(), end, at); ec != std::errc() || p != end) return std::nullopt;
  return store::AlertCursor{at, c.substr(colon + 1)};
}

std::string cursor_of(const store::AlertCursor& c) { return std::to_string(c.posted_at) + ":" + c.alert_id; }

ReleaseDelays delays_of(const store::AlertRow& r) { return {r.delay_premium_s, r.delay_basic_s, r.delay_free_s}; }

}  // namespace

std::vector<AlertState> AlertService::fold_rows(const std::vector<store::AlertRow>& rows, Tier tier, int64_t now) {
  std::vector<std::string> ids;
  ids.reserve(rows.size());
  for (const auto& r : rows) ids.push_back(r.alert_id);
  const auto events = store_.alerts().events_of(ids);
  std::vector<AlertState> out;
  for (const auto& r : rows) {
    std::vector<store::AlertEventRow> mine;
    for (const auto& e : events) {
      if (e.alert_id == r.alert_id) mine.push_back(e);
    }
    if (auto a = fold_alert(mine, tier, now)) out.push_back(std::move(*a));
  }
  return out;
}

core::Result<AlertPage> AlertService::alerts(const std::optional<Identity>& viewer, const std::string& streamer_id,
                                             const AlertListQuery& q) {
  static const std::vector<std::string> kStatuses{"open", "active", "closed", "retracted"};
  if (q.status && std::find(kStatuses.begin(), kStatuses.end(), *q.status) == kStatuses.end()) {
    return core::Error::invalid("invalid_status", "status must be open, active, closed or retracted");
  }
  store::AlertQuery sq;
  sq.streamer_id = streamer_id;
  if (q.symbol) {
    auto s = normalize_symbol(*q.symbol);
    if (!s) return s.error();
    sq.symbol = *s;
  }
  if (q.cursor) {
    sq.before = parse_cursor(*q.cursor);
    if (!sq.before) return core::Error::invalid("invalid_cursor", "cursor is not one this API returned");
  }
  if (auto c = channel_exists(streamer_id); !c) return c.error();
  sq.from = q.from;
  sq.to = q.to;
  const int limit = std::clamp(q.limit, 1, kMaxListLimit);
  sq.limit = limit + 1;
  const Tier tier = tier_of(viewer, streamer_id);
  const int64_t now = clock_.now_ms();
  if (tier != Tier::owner) {
    sq.released_for = tier_name(tier);
    sq.now = now;
  }

  AlertPage page;
  int scanned = 0;
  for (;;) {
    const auto rows = store_.alerts().alerts(sq);
    const auto states = fold_rows(rows, tier, now);
    size_t i = 0;
    for (; i < rows.size() && static_cast<int>(page.alerts.size()) < limit; ++i) {
      const auto& r = rows[i];
      ++scanned;
      sq.before = store::AlertCursor{r.posted_at, r.alert_id};
      const auto it =
          std::find_if(states.begin(), states.end(), [&](const auto& st) { return st.alert_id == r.alert_id; });
      if (it != states.end() && (!q.status || it->status == *q.status)) page.alerts.push_back(*it);
    }
    const bool more = i < rows.size() || static_cast<int>(rows.size()) > limit;
    if (!more) return page;
    if (static_cast<int>(page.alerts.size()) == limit || scanned >= kMaxScan) {
      page.next_cursor = cursor_of(*sq.before);
      return page;
    }
  }
}

core::Result<LogPage> AlertService::log(const std::optional<Identity>& viewer, const std::string& streamer_id,
                                        int64_t after_seq, int limit) {
  if (auto c = channel_exists(streamer_id); !c) return c.error();
  limit = std::clamp(limit, 1, kMaxLogLimit);
  const Tier tier = tier_of(viewer, streamer_id);
  const int64_t now = clock_.now_ms();
  LogPage page;
  page.events = store_.alerts().log(streamer_id, std::max<int64_t>(after_seq, 0), limit);
  if (tier != Tier::owner && !page.events.empty()) {
    std::vector<std::string> ids;
    for (const auto& e : page.events) {
      if (std::find(ids.begin(), ids.end(), e.alert_id) == ids.end()) ids.push_back(e.alert_id);
    }
    const auto rows = store_.alerts().alerts_by_id(ids);
    // The chain is cut before the first entry this tier has not been released: what is returned
    // always verifies from the genesis (or after_seq) on.
    const auto cut = std::find_if(page.events.begin(), page.events.end(), [&](const store::AlertEventRow& e) {
      const auto r = std::find_if(rows.begin(), rows.end(), [&](const auto& a) { return a.alert_id == e.alert_id; });
      return r == rows.end() || !is_released(e.created_at, delays_of(*r), tier, now);
    });
    if (cut != page.events.end()) {
      page.events.erase(cut, page.events.end());
      return page;  // nothing more for this tier yet
    }
  }
  if (static_cast<int>(page.events.size()) == limit) page.next_seq = page.events.back().seq;
  return page;
}

core::Result<TrackRecord> AlertService::track_record(const std::optional<Identity>& viewer,
                                                     const std::string& streamer_id) {
  if (auto c = channel_exists(streamer_id); !c) return c.error();
  const Tier tier = tier_of(viewer, streamer_id);
  const int64_t now = clock_.now_ms();
  store::AlertQuery sq;
  sq.streamer_id = streamer_id;
  sq.limit = kMaxListLimit;
  if (tier != Tier::owner) {
    sq.released_for = tier_name(tier);
    sq.now = now;
  }
  std::vector<AlertState> all;
  for (;;) {
    const auto rows = store_.alerts().alerts(sq);
    auto states = fold_rows(rows, tier, now);
    all.insert(all.end(), std::make_move_iterator(states.begin()), std::make_move_iterator(states.end()));
    if (static_cast<int>(rows.size()) < sq.limit || static_cast<int>(all.size()) >= kMaxTrackRecordAlerts) break;
    sq.before = store::AlertCursor{rows.back().posted_at, rows.back().alert_id};
  }
  return compute_track_record(all);
}

void AlertService::drop_unreleased(const std::optional<Identity>& viewer, const std::string& streamer_id,
                                   std::vector<store::MessageRow>& lines) {
  std::vector<std::string> ids;
  for (const auto& m : lines) {
    if (m.alert_id) ids.push_back(*m.alert_id);
  }
  if (ids.empty()) return;
  const Tier tier = tier_of(viewer, streamer_id);
  if (tier == Tier::owner) return;
  const auto rows = store_.alerts().alerts_by_id(ids);
  const int64_t now = clock_.now_ms();
  std::erase_if(lines, [&](const store::MessageRow& m) {
    if (!m.alert_id) return false;
    const auto r = std::find_if(rows.begin(), rows.end(), [&](const auto& a) { return a.alert_id == *m.alert_id; });
    return r == rows.end() || !is_released(r->posted_at, delays_of(*r), tier, now);
  });
}

ChainReport AlertService::verify(const std::string& streamer_id) {
  ChainVerifier v(streamer_id);
  int64_t after = 0;
  for (;;) {
    const auto rows = store_.alerts().log(streamer_id, after, kMaxLogLimit);
    for (const auto& r : rows) v.check(r);
    if (static_cast<int>(rows.size()) < kMaxLogLimit) break;
    after = rows.back().seq;
  }
  return v.report();
}

std::vector<ChainReport> AlertService::verify_all() {
  std::vector<ChainReport> out;
  for (const auto& c : store_.alerts().channels()) out.push_back(verify(c));
  return out;
}

}  // namespace tc::domain
