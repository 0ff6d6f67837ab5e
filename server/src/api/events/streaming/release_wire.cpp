#include "api/events/streaming/release_wire.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

#include "api/events/streaming/node_command.hpp"

namespace tc::api::release_wire {
namespace json = boost::json;

namespace {

constexpr int64_t kMaxTime = int64_t{1} << 53;  // epoch ms as JavaScript reads them
constexpr int64_t kMaxTimeUs = kMaxTime;        // epoch µs: 2^53 µs is the year 2255
constexpr int64_t kMaxSockets = 100'000'000;
constexpr int64_t kMaxSeq = int64_t{1} << 53;

core::Error bad(std::string what) { return core::Error::invalid("invalid_command", std::move(what)); }

core::Result<json::object> parse_object(std::string_view text) {
  if (text.size() > kMaxMessageBytes) return bad("message too large");
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return bad("not a JSON object");
  return std::move(v.get_object());
}

core::Result<json::array> array_field(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_array()) return bad(std::string(key) + " must be an array");
  return v->get_array();
}

bool known_tier(std::string_view t) {
  return std::find(kReleaseTiers.begin(), kReleaseTiers.end(), t) != kReleaseTiers.end();
}

}  // namespace

core::Status check(const TimedEvent& e) {
  const auto id_ok = [](const std::string& s) { return !s.empty() && s.size() <= node::kMaxIdBytes; };
  if (!id_ok(e.stream_id) || !id_ok(e.streamer_id) || !id_ok(e.subject)) return bad("ids must be 1 to 128 bytes");
  if (e.event != "alert" && e.event != "alert_updated") return bad("event must be alert or alert_updated");
  if (e.seq < 0 || e.seq > kMaxSeq) return bad("seq out of range");
  if (e.posted_at_ms <= 0 || e.posted_at_ms > kMaxTime) return bad("posted_at out of range");
  if (e.tiers.empty() || e.tiers.size() > kReleaseTiers.size()) return bad("one to three tiers");
  for (size_t i = 0; i < e.tiers.size(); ++i) {
    const auto& t = e.tiers[i];
    if (!known_tier(t.tier)) return bad("unknown tier " + t.tier.substr(0, 16));
    for (size_t j = 0; j < i; ++j)
      if (e.tiers[j].tier == t.tier) return bad("tier " + t.tier + " twice");
    if (t.delay_ms < 0 || t.delay_ms > kMaxReleaseDelayMs) return bad("delay_ms must be 0 to 900000");
  }
  return core::ok_status();
}

std::string encode(const TimedEvent& e) {
  json::array tiers;
  for (const auto& t : e.tiers)
    tiers.push_back(json::object{{"tier", t.tier}, {"delay_ms", t.delay_ms}, {"args", t.args}});
  return "P" + json::serialize(json::object{{"stream_id", e.stream_id},
                                            {"streamer_id", e.streamer_id},
                                            {"subject", e.subject},
                                            {"seq", e.seq},
                                            {"event", e.event},
                                            {"posted_at", e.posted_at_ms},
                                            {"tiers", std::move(tiers)},
                                            {"streamer_args", e.streamer_args},
                                            {"chat_line", e.chat_line ? json::value(*e.chat_line) : nullptr}});
}

std::string encode(const Pass& p) {
  return "D" + json::serialize(json::object{{"subject", p.subject},
                                            {"seq", p.seq},
                                            {"tier", p.tier},
                                            {"node", p.pass.node},
                                            {"released_at", p.pass.released_at_ms},
                                            {"sockets", p.pass.sockets},
                                            {"first_us", p.pass.first_us},
                                            {"last_us", p.pass.last_us},
                                            {"spread_us", p.pass.spread_us}});
}

core::Result<TimedEvent> decode_event(std::string_view text) {
  auto o = parse_object(text);
  if (!o) return o.error();
  TimedEvent e;
  auto stream = node::id_field(*o, "stream_id");
  auto streamer = node::id_field(*o, "streamer_id");
  auto subject = node::id_field(*o, "subject");
  auto event = node::id_field(*o, "event", 16);
  auto seq = node::int_field(*o, "seq", 0, kMaxSeq);
  auto posted = node::int_field(*o, "posted_at", 1, kMaxTime);
  auto tiers = array_field(*o, "tiers");
  auto streamer_args = array_field(*o, "streamer_args");
  for (const core::Error* err : {stream ? nullptr : &stream.error(), streamer ? nullptr : &streamer.error(),
                                 subject ? nullptr : &subject.error(), event ? nullptr : &event.error(),
                                 seq ? nullptr : &seq.error(), posted ? nullptr : &posted.error(),
                                 tiers ? nullptr : &tiers.error(), streamer_args ? nullptr : &streamer_args.error()}) {
    if (err) return *err;
  }
  e.stream_id = std::move(*stream);
  e.streamer_id = std::move(*streamer);
  e.subject = std::move(*subject);
  e.event = std::move(*event);
  e.seq = *seq;
  e.posted_at_ms = *posted;
  e.streamer_args = std::move(*streamer_args);
  if (const auto* line = o->if_contains("chat_line"); line && !line->is_null()) {
    if (!line->is_object()) return bad("chat_line must be an object");
    e.chat_line = line->get_object();
  }
  if (tiers->size() > kReleaseTiers.size()) return bad("one to three tiers");
  for (const auto& v : *tiers) {
    if (!v.is_object()) return bad("a tier must be an object");
    const auto& t = v.get_object();
    auto name = node::id_field(t, "tier", 16);
    if (!name) return name.error();
    auto delay = node::int_field(t, "delay_ms", 0, kMaxReleaseDelayMs);
    if (!delay) return delay.error();
    auto args = array_field(t, "args");
    if (!args) return args.error();
    e.tiers.push_back({std::move(*name), *delay, std::move(*args)});
  }
  if (auto ok = check(e); !ok) return ok.error();
  return e;
}

core::Result<Pass> decode_pass(std::string_view text) {
  auto o = parse_object(text);
  if (!o) return o.error();
  auto subject = node::id_field(*o, "subject");
  auto seq = node::int_field(*o, "seq", 0, kMaxSeq);
  auto tier = node::id_field(*o, "tier", 16);
  auto node_id = node::id_field(*o, "node");
  auto released = node::int_field(*o, "released_at", 0, kMaxTime);
  auto sockets = node::int_field(*o, "sockets", 0, kMaxSockets);
  auto first = node::int_field(*o, "first_us", 0, kMaxTimeUs);
  auto last = node::int_field(*o, "last_us", 0, kMaxTimeUs);
  auto spread = node::int_field(*o, "spread_us", 0, kMaxTimeUs);
  for (const core::Error* err :
       {subject ? nullptr : &subject.error(), seq ? nullptr : &seq.error(), tier ? nullptr : &tier.error(),
        node_id ? nullptr : &node_id.error(), released ? nullptr : &released.error(),
        sockets ? nullptr : &sockets.error(), first ? nullptr : &first.error(), last ? nullptr : &last.error(),
        spread ? nullptr : &spread.error()}) {
    if (err) return *err;
  }
  if (!known_tier(*tier)) return bad("unknown tier");
  if (*last < *first) return bad("last_us before first_us");
  return Pass{std::move(*subject), *seq, std::move(*tier),
              realtime::release::NodePass{std::move(*node_id), *released, *sockets, *first, *last, *spread}};
}

}  // namespace tc::api::release_wire
