#pragma once
// Trade alerts in JSON (issue 13), for REST bodies and Socket.IO payloads alike: the decoders of a
// posted alert, an update and the channel settings (types only: a JSON number where a price belongs
// is price_not_string; the rules are domain/alerts/alert_rules), and the encoders of an alert, an
// update, a log entry, the settings and the track record. Fuzzed: tests/fuzz/alert_json.
#include <boost/json/object.hpp>

#include "core/error.hpp"
#include "domain/alerts/alert_rules.hpp"
#include "domain/alerts/alert_service.hpp"

namespace tc::api {

// Errors (400): missing_field, invalid_field, price_not_string, invalid_entry, invalid_target,
// too_many_targets, invalid_size_pct.
core::Result<domain::AlertDraft> decode_alert(const boost::json::object& o);
// Errors (400): missing_field, invalid_field, price_not_string, invalid_share_pct.
core::Result<domain::UpdateDraft> decode_update(const boost::json::object& o);
// Errors (400): invalid_field, invalid_release_delays.
core::Result<domain::AlertSettingsChange> decode_alert_settings(const boost::json::object& o);

// The alert as `viewer` sees it (released_at is that tier's instant).
boost::json::object alert_json(const domain::AlertState& a, domain::Tier viewer);
boost::json::object update_json(const domain::AppliedUpdate& u);
// A log entry: the stored entry with seq, prev_hash and hash.
boost::json::object log_entry_json(const store::AlertEventRow& row);
boost::json::object alert_settings_json(const domain::AlertSettings& s);
boost::json::object track_record_json(const domain::TrackRecord& t);

}  // namespace tc::api
