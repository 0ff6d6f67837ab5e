#include "domain/alerts/alert_service.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <limits>

#include "core/ids.hpp"
#include "domain/wallet/money_rules.hpp"

namespace tc::domain {

namespace {

constexpr int64_t kEverything = std::numeric_limits<int64_t>::max() / 2;  // "now" for the owner's own view

core::Error not_streamer() {
  return {core::ErrorKind::forbidden, "not_streamer", "Only the stream's streamer may post or update its alerts"};
}
core::Error alert_not_found() { return core::Error::not_found("alert_not_found", "No such alert"); }
core::Error key_reused() {
  return core::Error::conflict("idempotency_key_reused",
                               "This idempotency_key was already used for a different request; use a new key");
}

std::string opt(const std::optional<std::string>& s) { return s ? "s" + *s : "-"; }
std::string opt(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : "-"; }
std::string opt(const std::optional<bool>& v) { return v ? (*v ? "1" : "0") : "-"; }

// What identifies a post request, so a key reused for another alert is refused.
std::string post_fingerprint(const std::string& stream_id, const AlertDraft& d) {
  std::string s = stream_id + "\n" + d.symbol + "\n" + d.side + "\n" + opt(d.entry) + "\n" + opt(d.entry_low) + "\n" +
                  opt(d.entry_high) + "\n" + d.stop + "\n";
  for (const auto& t : d.targets) s += t + ",";
  s += "\n" + opt(d.size_pct) + "\n" + opt(d.timeframe) + "\n" + opt(d.note) + "\n" + opt(d.holds_position) + "\n" +
       opt(d.paid_promotion);
  return request_fingerprint(s);
}

// What identifies an update request (its checked form).
std::string canonical_update(const AlertUpdate& u) {
  return std::string(kind_name(u.kind)) + "\n" + (u.price ? u.price->str() : "-") + "\n" +
         (u.share_pct ? std::to_string(*u.share_pct) : "-") + "\n" + opt(u.note);
}

}  // namespace

AlertService::AlertService(store::Store& store, const core::Clock& clock, SubscriptionService& subscriptions,
                           core::RateSpec rate)
    : store_(store), clock_(clock), subscriptions_(subscriptions), limiter_(clock, rate) {}

core::Status AlertService::take_rate(const std::string& streamer_id) {
  if (!limiter_.enabled()) return core::ok_status();
  const auto d = limiter_.acquire(streamer_id);
  if (d.allowed) return core::ok_status();
  return core::Error::rate_limited(static_cast<int>((d.retry_after_ms + 999) / 1000));
}

Tier AlertService::tier_of(const std::optional<Identity>& viewer, const std::string& streamer_id) {
  if (!viewer) return Tier::free;
  if (viewer->user_id == streamer_id) return Tier::owner;
  return tier_from_badge(subscriptions_.badge_for(viewer->user_id, streamer_id));
}

core::Status AlertService::channel_exists(const std::string& streamer_id) {
  if (streamer_id.empty() || streamer_id.size() > 128 || !store_.users().by_id(streamer_id)) {
    return core::Error::not_found("user_not_found", "No such channel");
  }
  return core::ok_status();
}

AlertSettings AlertService::settings_or_defaults(const std::string& streamer_id) {
  AlertSettings s;
  s.streamer_id = streamer_id;
  if (auto row = store_.alerts().settings(streamer_id)) {
    s.disclaimer = row->disclaimer;
    s.delays = {row->delay_premium_s, row->delay_basic_s, row->delay_free_s};
    s.updated_at = row->created_at;
  }
  return s;
}

core::Result<AlertSettings> AlertService::settings(const std::string& streamer_id) {
  if (auto c = channel_exists(streamer_id); !c) return c.error();
  return settings_or_defaults(streamer_id);
}

core::Result<AlertSettings> AlertService::set_settings(const Identity& who, const AlertSettingsChange& change) {
  auto s = settings_or_defaults(who.user_id);
  if (change.disclaimer) {
    if (auto c = check_disclaimer(*change.disclaimer); !c) return c.error();
    s.disclaimer = change.disclaimer;
  }
  if (change.premium_s) s.delays.premium_s = *change.premium_s;
  if (change.basic_s) s.delays.basic_s = *change.basic_s;
  if (change.free_s) s.delays.free_s = *change.free_s;
  if (auto c = check_delays(s.delays); !c) return c.error();
  store::AlertSettingsRow row;
  row.streamer_id = who.user_id;
  row.disclaimer = s.disclaimer;
  row.delay_premium_s = s.delays.premium_s;
  row.delay_basic_s = s.delays.basic_s;
  row.delay_free_s = s.delays.free_s;
  row.created_at = clock_.now_ms();
  const auto written = store_.alerts().add_settings(row);
  s.updated_at = written.created_at;
  return s;
}

core::Result<PostOutcome> AlertService::replay_post(const store::AlertRow& first, const std::string& fingerprint) {
  if (first.fingerprint != fingerprint) return key_reused();
  auto alert = fold_alert(store_.alerts().events_of({first.alert_id}), Tier::owner, kEverything);
  if (!alert) throw store::StoreError("alert " + first.alert_id + " has no post entry");
  return PostOutcome{std::move(*alert), {}, true};
}

core::Result<PostOutcome> AlertService::post(const Identity& who, const std::string& stream_id,
                                             const AlertDraft& draft) {
  if (auto k = check_idempotency_key(draft.idempotency_key); !k) return k.error();
  if (!core::is_uuid(stream_id)) return core::Error::not_found("stream_not_found", "No such stream");
  auto stream = store_.streams().get(stream_id);
  if (!stream) return core::Error::not_found("stream_not_found", "No such stream");
  if (stream->streamer_id != who.user_id) return not_streamer();
  const auto fingerprint = post_fingerprint(stream_id, draft);
  if (auto first = store_.alerts().alert_by_key(who.user_id, draft.idempotency_key)) {
    return replay_post(*first, fingerprint);
  }
  auto spec = check_alert(draft);
  if (!spec) return spec.error();
  if (stream->status != "LIVE") return core::Error::conflict("stream_not_live", "Alerts are posted on live streams");
  const auto settings = settings_or_defaults(who.user_id);
  if (!settings.disclaimer) {
    return core::Error::conflict("disclaimer_required",
                                 "Set the channel's disclaimer (PUT /api/v1/channels/me/alert-settings) first");
  }
  if (auto t = take_rate(who.user_id); !t) return t.error();

  AlertState a;
  a.alert_id = core::new_uuid();
  a.stream_id = stream_id;
  a.streamer_id = who.user_id;
  a.spec = std::move(*spec);
  a.disclaimer = *settings.disclaimer;
  a.delays = settings.delays;
  a.posted_at = a.updated_at = clock_.now_ms();
  if (media_origin_) {
    if (const auto origin = media_origin_(stream_id); origin && *origin > 0) {
      a.media_time_ms = std::max<int64_t>(0, a.posted_at - *origin);
    }
  }
  a.stop = a.spec.stop;
  a.targets = a.spec.targets;

  store::MessageRow line;
  line.message_id = core::new_uuid();
  line.stream_id = stream_id;
  line.user_id = who.user_id;
  line.username = who.username;
  line.message = alert_chat_text(a);
  line.message_type = "ALERT";
  line.created_at = a.posted_at;
  line.alert_id = a.alert_id;

  const auto r = store_.alerts().append(
      who.user_id, "",
      [&](const store::ChainHead& head, const std::vector<store::AlertEventRow>&) -> core::Result<store::AlertAppend> {
        a.seq = a.last_seq = head.seq + 1;
        store::AlertAppend out;
        out.event = seal_entry(post_entry(a, a.seq), head, who.user_id, a.alert_id, a.posted_at);
        a.hash = out.event.hash;
        out.alert =
            store::AlertRow{a.alert_id,     a.streamer_id,         a.stream_id, a.spec.symbol,      a.posted_at,
                            a.seq,          draft.idempotency_key, fingerprint, a.delays.premium_s, a.delays.basic_s,
                            a.delays.free_s};
        out.chat_line = line;
        return out;
      });
  if (r.status == store::AppendStatus::duplicate_key) {  // a concurrent retry won
    auto first = store_.alerts().alert_by_key(who.user_id, draft.idempotency_key);
    if (!first) throw store::StoreError("alert key reported taken but not found");
    return replay_post(*first, fingerprint);
  }
  if (r.status == store::AppendStatus::refused) return *r.error;
  PostOutcome posted{std::move(a), std::move(line), false};
  if (listener_) listener_->on_alert_posted(posted);
  return posted;
}

core::Result<UpdateOutcome> AlertService::replay_update(const store::AlertRow& alert, const store::AlertEventRow& first,
                                                        const std::string& fingerprint) {
  const auto stored = parse_update(boost::json::parse(first.body).as_object());
  if (request_fingerprint(canonical_update(stored)) != fingerprint) return key_reused();
  std::vector<AppliedUpdate> applied;
  auto state = fold_alert(store_.alerts().events_of({alert.alert_id}), Tier::owner, kEverything, &applied);
  if (!state) throw store::StoreError("alert " + alert.alert_id + " has no post entry");
  const auto it = std::find_if(applied.begin(), applied.end(), [&](const auto& u) { return u.seq == first.seq; });
  if (it == applied.end()) throw store::StoreError("alert update " + std::to_string(first.seq) + " not in its alert");
  return UpdateOutcome{std::move(*state), *it, true};
}

core::Result<UpdateOutcome> AlertService::update(const Identity& who, const std::string& alert_id,
                                                 const UpdateDraft& draft) {
  if (auto k = check_idempotency_key(draft.idempotency_key); !k) return k.error();
  if (!core::is_uuid(alert_id)) return alert_not_found();
  const auto row = store_.alerts().alert(alert_id);
  if (!row) return alert_not_found();
  if (row->streamer_id != who.user_id) return not_streamer();
  auto u = check_update(draft);
  if (!u) return u.error();
  const auto fingerprint = request_fingerprint(canonical_update(*u));
  if (auto first = store_.alerts().update_by_key(alert_id, draft.idempotency_key)) {
    return replay_update(*row, *first, fingerprint);
  }
  if (auto t = take_rate(who.user_id); !t) return t.error();

  std::optional<UpdateOutcome> out;
  const auto r = store_.alerts().append(
      who.user_id, alert_id,
      [&](const store::ChainHead& head,
          const std::vector<store::AlertEventRow>& events) -> core::Result<store::AlertAppend> {
        auto state = fold_alert(events, Tier::owner, kEverything);
        if (!state) throw store::StoreError("alert " + alert_id + " has no post entry");
        const int64_t now = std::max(clock_.now_ms(), state->updated_at);  // an alert's entries never go back in time
        if (auto s = apply_update(*state, *u, now); !s) return s.error();
        store::AlertAppend append;
        append.event = seal_entry(update_entry(*state, *u, head.seq + 1, now), head, who.user_id, alert_id, now);
        append.event.idempotency_key = draft.idempotency_key;
        state->last_seq = head.seq + 1;
        out = UpdateOutcome{std::move(*state), AppliedUpdate{*u, head.seq + 1, append.event.hash, now}, false};
        return append;
      });
  if (r.status == store::AppendStatus::duplicate_key) {
    auto first = store_.alerts().update_by_key(alert_id, draft.idempotency_key);
    if (!first) throw store::StoreError("alert update key reported taken but not found");
    return replay_update(*row, *first, fingerprint);
  }
  if (r.status == store::AppendStatus::refused) return *r.error;
  if (listener_) listener_->on_alert_updated(*out);
  return std::move(*out);
}

}  // namespace tc::domain
