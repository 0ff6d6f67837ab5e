#include "api/json/alert_json.hpp"

#include <boost/json/parse.hpp>

#include "api/json/json_fields.hpp"
#include "api/json/json_values.hpp"

namespace tc::api {

namespace json = boost::json;
using domain::units_string;

namespace {

constexpr int kPnl = domain::kPnlDecimals;

core::Error not_string(std::string_view field) {
  return core::Error::invalid("price_not_string",
                              std::string(field) + " must be a decimal string (\"189.5\"), not a JSON number");
}

// A price field: a string, or price_not_string for a number, else `bad_code`.
core::Result<std::string> price_value(const json::value& v, std::string_view field, const char* bad_code) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_number()) return not_string(field);
  return core::Error::invalid(bad_code, std::string(field) + " must be a decimal string");
}

core::Result<std::optional<int64_t>> optional_int(const json::object& o, const char* name, const char* bad_code) {
  const auto* v = o.if_contains(name);
  if (!v || v->is_null()) return std::optional<int64_t>{};
  if (v->is_int64()) return std::optional<int64_t>(v->get_int64());
  if (v->is_uint64()) return core::Error::invalid(bad_code, std::string(name) + " is out of range");
  return core::Error::invalid(bad_code, std::string(name) + " must be a whole number");
}

core::Result<std::optional<bool>> optional_bool(const json::object& o, const char* name) {
  const auto* v = o.if_contains(name);
  if (!v || v->is_null()) return std::optional<bool>{};
  if (!v->is_bool()) return core::Error::invalid("invalid_field", std::string(name) + " must be true or false");
  return std::optional<bool>(v->get_bool());
}

json::value opt_units(const std::optional<domain::Wide>& v) {
  if (!v) return nullptr;
  return json::value(units_string(*v, kPnl));
}

json::value price_or_null(const std::optional<domain::Decimal>& d) {
  if (!d) return nullptr;
  return json::value(d->str());
}

json::object figures_json(const domain::RecordFigures& f, const char* key_name = "key") {
  json::object o{{"alerts", f.alerts},
                 {"open", f.open},
                 {"closed", f.closed},
                 {"retracted", f.retracted},
                 {"wins", f.wins},
                 {"losses", f.losses},
                 {"win_rate", opt_units(f.win_rate())},
                 {"total_r", units_string(f.total_r, kPnl)},
                 {"avg_r", opt_units(f.avg_r())},
                 {"avg_return_pct", opt_units(f.avg_return())}};
  if (!f.key.empty()) o[key_name] = f.key;
  return o;
}

json::value extreme_json(const std::optional<domain::RecordExtreme>& e) {
  if (!e) return nullptr;
  return json::object{{"alert_id", e->alert_id},
                      {"symbol", e->symbol},
                      {"r_multiple", units_string(e->r, kPnl)},
                      {"return_pct", units_string(e->return_pct, kPnl)}};
}

}  // namespace

core::Result<domain::AlertDraft> decode_alert(const json::object& o) {
  domain::AlertDraft d;
  auto symbol = required_string(o, "symbol");
  if (!symbol) return symbol.error();
  d.symbol = std::move(*symbol);
  auto side = required_string(o, "side");
  if (!side) return side.error();
  d.side = std::move(*side);
  const auto* entry = o.if_contains("entry");
  if (!entry || entry->is_null()) return core::Error::invalid("missing_field", "entry is required");
  if (const auto* zone = entry->if_object()) {
    const auto* lo = zone->if_contains("low");
    const auto* hi = zone->if_contains("high");
    if (!lo || !hi) return core::Error::invalid("invalid_entry", "an entry zone is {\"low\": …, \"high\": …}");
    auto l = price_value(*lo, "entry.low", "invalid_entry");
    if (!l) return l.error();
    auto h = price_value(*hi, "entry.high", "invalid_entry");
    if (!h) return h.error();
    d.entry_low = std::move(*l);
    d.entry_high = std::move(*h);
  } else {
    auto e = price_value(*entry, "entry", "invalid_entry");
    if (!e) return e.error();
    d.entry = std::move(*e);
  }
  const auto* stop = o.if_contains("stop");
  if (!stop || stop->is_null()) return core::Error::invalid("missing_field", "stop is required");
  auto s = price_value(*stop, "stop", "invalid_stop");
  if (!s) return s.error();
  d.stop = std::move(*s);
  if (const auto* targets = o.if_contains("targets"); targets && !targets->is_null()) {
    const auto* arr = targets->if_array();
    if (!arr) return core::Error::invalid("invalid_field", "targets must be an array of prices");
    if (arr->size() > domain::kMaxTargets) return core::Error::invalid("too_many_targets", "at most 5 targets");
    for (const auto& t : *arr) {
      auto p = price_value(t, "target", "invalid_target");
      if (!p) return p.error();
      d.targets.push_back(std::move(*p));
    }
  }
  auto size = optional_int(o, "size_pct", "invalid_size_pct");
  if (!size) return size.error();
  d.size_pct = *size;
  auto timeframe = optional_string(o, "timeframe");
  if (!timeframe) return timeframe.error();
  d.timeframe = std::move(*timeframe);
  auto note = optional_string(o, "note");
  if (!note) return note.error();
  d.note = std::move(*note);
  // The disclosures at the top level, or in a `disclosures` object as alerts carry them.
  const json::object* disclosures = &o;
  if (const auto* nested = o.if_contains("disclosures"); nested && nested->is_object()) {
    disclosures = &nested->get_object();
  }
  auto holds = optional_bool(*disclosures, "holds_position");
  if (!holds) return holds.error();
  d.holds_position = *holds;
  auto paid = optional_bool(*disclosures, "paid_promotion");
  if (!paid) return paid.error();
  d.paid_promotion = *paid;
  auto key = required_string(o, "idempotency_key");
  if (!key) return key.error();
  d.idempotency_key = std::move(*key);
  return d;
}

core::Result<domain::UpdateDraft> decode_update(const json::object& o) {
  domain::UpdateDraft d;
  auto kind = required_string(o, "kind");
  if (!kind) return kind.error();
  d.kind = std::move(*kind);
  if (const auto* price = o.if_contains("price"); price && !price->is_null()) {
    auto p = price_value(*price, "price", "invalid_price");
    if (!p) return p.error();
    d.price = std::move(*p);
  }
  auto share = optional_int(o, "share_pct", "invalid_share_pct");
  if (!share) return share.error();
  d.share_pct = *share;
  auto note = optional_string(o, "note");
  if (!note) return note.error();
  d.note = std::move(*note);
  auto key = required_string(o, "idempotency_key");
  if (!key) return key.error();
  d.idempotency_key = std::move(*key);
  return d;
}

core::Result<domain::AlertSettingsChange> decode_alert_settings(const json::object& o) {
  domain::AlertSettingsChange c;
  auto disclaimer = optional_string(o, "disclaimer");
  if (!disclaimer) return disclaimer.error();
  c.disclaimer = std::move(*disclaimer);
  const auto* delays = o.if_contains("release_delays");
  if (!delays || delays->is_null()) return c;
  const auto* d = delays->if_object();
  const core::Error bad =
      core::Error::invalid("invalid_release_delays",
                           "release_delays is {\"PREMIUM\": s, \"BASIC\": s, \"FREE\": s}, each 0-900 seconds");
  if (!d) return bad;
  for (const auto& [key, value] : *d) {
    if (!value.is_int64() || value.get_int64() < 0 || value.get_int64() > domain::kMaxReleaseDelaySeconds) return bad;
    const int s = static_cast<int>(value.get_int64());
    if (key == "PREMIUM") {
      c.premium_s = s;
    } else if (key == "BASIC") {
      c.basic_s = s;
    } else if (key == "FREE") {
      c.free_s = s;
    } else {
      return bad;
    }
  }
  return c;
}

json::object alert_json(const domain::AlertState& a, domain::Tier viewer) {
  const auto& s = a.spec;
  json::value entry(s.entry_low.str());
  if (s.zone) entry = json::object{{"low", s.entry_low.str()}, {"high", s.entry_high.str()}};
  json::array targets;
  for (const auto& t : a.targets) targets.emplace_back(t.str());
  json::array exits;
  for (const auto& e : a.exits) {
    exits.emplace_back(json::object{{"price", e.price.str()}, {"share_pct", e.share_pct}, {"at", e.at}});
  }
  json::value pnl = nullptr;
  if (a.pnl) {
    pnl = json::object{{"return_pct", units_string(a.pnl->return_units, kPnl)},
                       {"r_multiple", units_string(a.pnl->r_units, kPnl)}};
  }
  return json::object{
      {"alert_id", a.alert_id},
      {"stream_id", a.stream_id},
      {"streamer_id", a.streamer_id},
      {"symbol", s.symbol},
      {"side", domain::side_name(s.side)},
      {"entry", std::move(entry)},
      {"stop", a.stop.str()},
      {"initial_stop", s.stop.str()},
      {"targets", std::move(targets)},
      {"size_pct", nullable(s.size_pct)},
      {"timeframe", nullable(s.timeframe)},
      {"note", nullable(s.note)},
      {"status", a.status},
      {"fill_price", price_or_null(a.fill)},
      {"exits", std::move(exits)},
      {"pnl", std::move(pnl)},
      {"media_time_ms", nullable(a.media_time_ms)},
      {"posted_at", a.posted_at},
      {"released_at", domain::release_at(a.posted_at, a.delays, viewer)},
      {"closed_at", nullable(a.closed_at)},
      {"updated_at", a.updated_at},
      {"seq", a.seq},
      {"hash", a.hash},
      {"last_seq", a.last_seq},
      {"disclosures", json::object{{"holds_position", s.holds_position},
                                   {"paid_promotion", s.paid_promotion},
                                   {"disclaimer", a.disclaimer}}},
      {"release_delays",
       json::object{{"PREMIUM", a.delays.premium_s}, {"BASIC", a.delays.basic_s}, {"FREE", a.delays.free_s}}},
  };
}

json::object update_json(const domain::AppliedUpdate& u) {
  return json::object{{"kind", domain::kind_name(u.update.kind)},
                      {"price", price_or_null(u.update.price)},
                      {"share_pct", nullable(u.update.share_pct)},
                      {"note", nullable(u.update.note)},
                      {"at", u.at},
                      {"seq", u.seq},
                      {"hash", u.hash}};
}

json::object log_entry_json(const store::AlertEventRow& row) {
  auto v = json::parse(row.body);
  auto o = std::move(v.as_object());
  o["prev_hash"] = row.prev_hash;
  o["hash"] = row.hash;
  return o;
}

json::object alert_settings_json(const domain::AlertSettings& s) {
  return json::object{
      {"streamer_id", s.streamer_id},
      {"disclaimer", nullable(s.disclaimer)},
      {"release_delays",
       json::object{{"PREMIUM", s.delays.premium_s}, {"BASIC", s.delays.basic_s}, {"FREE", s.delays.free_s}}},
      {"updated_at", s.updated_at == 0 ? json::value(nullptr) : json::value(s.updated_at)},
  };
}

json::object track_record_json(const domain::TrackRecord& t) {
  auto o = figures_json(t.total);
  o["active"] = t.active;
  o["best"] = extreme_json(t.best);
  o["worst"] = extreme_json(t.worst);
  o["by_symbol"] = json_array(t.by_symbol, [](const auto& f) { return figures_json(f, "symbol"); });
  o["by_timeframe"] = json_array(t.by_timeframe, [](const auto& f) { return figures_json(f, "timeframe"); });
  o["equity_curve"] = json_array(t.equity_curve, [](const domain::EquityPoint& p) {
    return json::object{{"t", p.t},
                        {"alert_id", p.alert_id},
                        {"r_multiple", units_string(p.r, kPnl)},
                        {"cumulative_r", units_string(p.cumulative_r, kPnl)}};
  });
  return o;
}

}  // namespace tc::api
