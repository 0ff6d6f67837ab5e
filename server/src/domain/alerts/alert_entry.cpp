#include "domain/alerts/alert_entry.hpp"

#include <boost/json/parse.hpp>

#include <stdexcept>

#include "domain/alerts/canonical_json.hpp"

namespace tc::domain {

namespace json = boost::json;

namespace {

json::value opt_string(const std::optional<std::string>& s) {
  if (!s) return nullptr;
  return json::value(*s);
}

json::value opt_int(const std::optional<int>& v) {
  if (!v) return nullptr;
  return json::value(*v);
}

const json::object& object_at(const json::object& o, const char* key) { return o.at(key).as_object(); }

std::string string_at(const json::object& o, const char* key) { return std::string(o.at(key).as_string()); }

std::optional<std::string> opt_string_at(const json::object& o, const char* key) {
  const auto& v = o.at(key);
  if (v.is_null()) return std::nullopt;
  return std::string(v.as_string());
}

Decimal price_at(const json::value& v) {
  auto p = parse_price(v.as_string(), "stored price");
  if (!p) throw std::runtime_error("alert entry: bad price: " + p.error().message);
  return *p;
}

int int_at(const json::object& o, const char* key) { return static_cast<int>(o.at(key).to_number<int64_t>()); }

}  // namespace

json::object post_entry(const AlertState& a, int64_t seq) {
  const auto& s = a.spec;
  json::value entry(s.entry_low.str());
  if (s.zone) entry = json::object{{"low", s.entry_low.str()}, {"high", s.entry_high.str()}};
  json::array targets;
  for (const auto& t : s.targets) targets.emplace_back(t.str());
  json::value media = nullptr;
  if (a.media_time_ms) media = *a.media_time_ms;
  return json::object{
      {"kind", "post"},
      {"seq", seq},
      {"alert_id", a.alert_id},
      {"stream_id", a.stream_id},
      {"streamer_id", a.streamer_id},
      {"at", a.posted_at},
      {"symbol", s.symbol},
      {"side", side_name(s.side)},
      {"entry", std::move(entry)},
      {"stop", s.stop.str()},
      {"targets", std::move(targets)},
      {"size_pct", opt_int(s.size_pct)},
      {"timeframe", opt_string(s.timeframe)},
      {"note", opt_string(s.note)},
      {"media_time_ms", std::move(media)},
      {"disclosures", json::object{{"holds_position", s.holds_position},
                                   {"paid_promotion", s.paid_promotion},
                                   {"disclaimer", a.disclaimer}}},
      {"release_delays",
       json::object{{"PREMIUM", a.delays.premium_s}, {"BASIC", a.delays.basic_s}, {"FREE", a.delays.free_s}}},
  };
}

json::object update_entry(const AlertState& a, const AlertUpdate& u, int64_t seq, int64_t at) {
  json::value price = nullptr;
  if (u.price) price = u.price->str();
  return json::object{{"kind", kind_name(u.kind)},    {"seq", seq},
                      {"alert_id", a.alert_id},       {"stream_id", a.stream_id},
                      {"streamer_id", a.streamer_id}, {"at", at},
                      {"price", std::move(price)},    {"share_pct", opt_int(u.share_pct)},
                      {"note", opt_string(u.note)}};
}

store::AlertEventRow seal_entry(const json::object& entry, const store::ChainHead& head, const std::string& streamer_id,
                                const std::string& alert_id, int64_t at) {
  store::AlertEventRow row;
  row.streamer_id = streamer_id;
  row.seq = entry.at("seq").as_int64();
  row.alert_id = alert_id;
  row.kind = string_at(entry, "kind");
  row.body = canonical_json(entry);
  row.prev_hash = head.hash;
  row.hash = chain_hash(head.hash, row.body);
  row.created_at = at;
  return row;
}

AlertState parse_post(const store::AlertEventRow& row) {
  const auto v = json::parse(row.body);
  const auto& o = v.as_object();
  if (string_at(o, "kind") != "post") throw std::runtime_error("alert entry: the first entry is not a post");
  AlertState a;
  a.alert_id = string_at(o, "alert_id");
  a.stream_id = string_at(o, "stream_id");
  a.streamer_id = string_at(o, "streamer_id");
  a.posted_at = o.at("at").to_number<int64_t>();
  a.seq = row.seq;
  a.hash = row.hash;
  a.last_seq = row.seq;
  a.updated_at = a.posted_at;
  auto& s = a.spec;
  s.symbol = string_at(o, "symbol");
  s.side = string_at(o, "side") == "short" ? Side::short_side : Side::long_side;
  const auto& entry = o.at("entry");
  if (entry.is_object()) {
    s.zone = true;
    s.entry_low = price_at(entry.as_object().at("low"));
    s.entry_high = price_at(entry.as_object().at("high"));
  } else {
    s.entry_low = s.entry_high = price_at(entry);
  }
  s.stop = price_at(o.at("stop"));
  for (const auto& t : o.at("targets").as_array()) s.targets.push_back(price_at(t));
  if (!o.at("size_pct").is_null()) s.size_pct = int_at(o, "size_pct");
  s.timeframe = opt_string_at(o, "timeframe");
  s.note = opt_string_at(o, "note");
  if (!o.at("media_time_ms").is_null()) a.media_time_ms = o.at("media_time_ms").to_number<int64_t>();
  const auto& d = object_at(o, "disclosures");
  s.holds_position = d.at("holds_position").as_bool();
  s.paid_promotion = d.at("paid_promotion").as_bool();
  a.disclaimer = string_at(d, "disclaimer");
  const auto& r = object_at(o, "release_delays");
  a.delays = {int_at(r, "PREMIUM"), int_at(r, "BASIC"), int_at(r, "FREE")};
  a.stop = s.stop;
  a.targets = s.targets;
  return a;
}

AlertUpdate parse_update(const json::object& o) {
  UpdateDraft d;
  d.kind = string_at(o, "kind");
  d.price = opt_string_at(o, "price");
  if (!o.at("share_pct").is_null()) d.share_pct = o.at("share_pct").to_number<int64_t>();
  d.note = opt_string_at(o, "note");
  d.idempotency_key = "stored";  // entries keep no key; the form is checked as on the way in
  auto u = check_update(d);
  if (!u) throw std::runtime_error("alert entry: bad update: " + u.error().message);
  return *u;
}

std::optional<AlertState> fold_alert(const std::vector<store::AlertEventRow>& events, Tier viewer, int64_t now,
                                     std::vector<AppliedUpdate>* applied) {
  if (events.empty()) return std::nullopt;
  AlertState a = parse_post(events.front());
  if (!is_released(a.posted_at, a.delays, viewer, now)) return std::nullopt;
  for (size_t i = 1; i < events.size(); ++i) {
    const auto& row = events[i];
    if (!is_released(row.created_at, a.delays, viewer, now)) break;  // later ones are later still
    const auto v = json::parse(row.body);
    const auto u = parse_update(v.as_object());
    if (auto s = apply_update(a, u, row.created_at); !s) {
      throw std::runtime_error("alert entry: seq " + std::to_string(row.seq) + " was refused: " + s.error().code);
    }
    a.last_seq = row.seq;
    if (applied) applied->push_back({u, row.seq, row.hash, row.created_at});
  }
  return a;
}

}  // namespace tc::domain
