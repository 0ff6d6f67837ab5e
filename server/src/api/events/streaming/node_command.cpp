#include "api/events/streaming/node_command.hpp"

#include <boost/json/parse.hpp>

#include "api/json/moderation_json.hpp"
#include "domain/moderation/moderation_rules.hpp"
#include "realtime/socketio/packet.hpp"

namespace tc::api::node {
namespace json = boost::json;

namespace {

template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

core::Error bad(std::string what) { return core::Error::invalid("invalid_command", std::move(what)); }

// An optional boolean: absent is false, anything else but a boolean is refused.
core::Result<bool> flag(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  if (!v) return false;
  if (!v->is_bool()) return bad(std::string(key) + " must be true or false");
  return v->get_bool();
}

constexpr int64_t kMaxTime = int64_t{1} << 53;  // epoch ms as JavaScript reads them

core::Result<Command> chat(const json::object& o) {
  const auto* l = o.if_contains("line");
  if (!l || !l->is_object()) return bad("line must be an object");
  const auto& line = l->get_object();
  Chat c{line, {}};
  auto id = id_field(line, "message_id");
  auto user = id_field(line, "user_id");
  auto name = id_field(line, "username");
  auto type = id_field(line, "message_type", 16);
  auto at = int_field(line, "created_at", 0, kMaxTime);
  if (!id) return id.error();
  if (!user) return user.error();
  if (!name) return name.error();
  if (!type) return type.error();
  if (!at) return at.error();
  const auto* text = line.if_contains("message");
  if (!text || !text->is_string()) return bad("message must be a string");
  c.row.message_id = std::move(*id);
  c.row.user_id = std::move(*user);
  c.row.username = std::move(*name);
  c.row.message = std::string(text->get_string());
  c.row.message_type = std::move(*type);
  c.row.created_at = *at;
  if (const auto* cents = line.if_contains("tip_amount_cents"); cents && !cents->is_null()) {
    auto v = int_field(line, "tip_amount_cents", 1, kMaxTime);
    if (!v) return v.error();
    c.row.tip_amount_cents = *v;
  }
  return Command(std::move(c));
}

core::Result<Command> mode(const json::object& o) {
  auto streamer = id_field(o, "streamer_id");
  auto at = int_field(o, "updated_at", 0, kMaxTime);
  if (!streamer) return streamer.error();
  if (!at) return at.error();
  const auto* m = o.if_contains("chat_mode");
  if (!m || !m->is_object()) return bad("chat_mode must be an object");
  const auto& cm = m->get_object();
  store::ChatModeRow row{std::move(*streamer)};
  row.updated_at = *at;
  if (cm.contains("slow_mode_seconds")) {
    auto slow = int_field(cm, "slow_mode_seconds", 0, domain::kMaxSlowModeSeconds);
    if (!slow) return slow.error();
    row.slow_mode_seconds = static_cast<int>(*slow);
  }
  auto followers = flag(cm, "followers_only");
  auto subscribers = flag(cm, "subscribers_only");
  auto emote = flag(cm, "emote_only");
  if (!followers) return followers.error();
  if (!subscribers) return subscribers.error();
  if (!emote) return emote.error();
  row.followers_only = *followers;
  row.subscribers_only = *subscribers;
  row.emote_only = *emote;
  return Command(Mode{std::move(row)});
}

// user_id and streamer_id: the fields of banned / unbanned.
template <class T>
core::Result<Command> user_command(const json::object& o) {
  auto user = id_field(o, "user_id");
  auto streamer = id_field(o, "streamer_id");
  if (!user) return user.error();
  if (!streamer) return streamer.error();
  return Command(T{std::move(*user), std::move(*streamer)});
}

}  // namespace

core::Result<std::string> id_field(const json::object& o, const char* key, size_t max) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string() || v->get_string().empty() || v->get_string().size() > max) {
    return bad(std::string(key) + " must be a string of 1 to " + std::to_string(max) + " bytes");
  }
  return std::string(v->get_string());
}

core::Result<int64_t> int_field(const json::object& o, const char* key, int64_t min, int64_t max) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_int64() || v->get_int64() < min || v->get_int64() > max) {
    return bad(std::string(key) + " must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return v->get_int64();
}

const char* name(const Command& command) {
  return std::visit(overloaded{[](const Count&) { return "count"; }, [](const Chat&) { return "chat"; },
                               [](const Deleted&) { return "deleted"; }, [](const Timeout&) { return "timeout"; },
                               [](const Banned&) { return "banned"; }, [](const Unbanned&) { return "unbanned"; },
                               [](const Mode&) { return "mode"; }, [](const Ended&) { return "ended"; }},
                    command);
}

std::string encode(const Command& command) {
  json::object o =
      std::visit(overloaded{
                     [](const Count& c) {
                       json::object m{{"n", c.n}};
                       if (c.sync) m["sync"] = true;
                       return m;
                     },
                     [](const Chat& c) {
                       return json::object{{"line", c.line}};
                     },
                     [](const Deleted& d) {
                       return json::object{{"message_id", d.message_id}};
                     },
                     [](const Timeout& t) {
                       return json::object{{"user_id", t.user_id}, {"until", t.until}, {"streamer_id", t.streamer_id}};
                     },
                     [](const Banned& b) {
                       return json::object{{"user_id", b.user_id}, {"streamer_id", b.streamer_id}};
                     },
                     [](const Unbanned& u) {
                       return json::object{{"user_id", u.user_id}, {"streamer_id", u.streamer_id}};
                     },
                     [](const Mode& m) {
                       return json::object{{"streamer_id", m.mode.streamer_id},
                                           {"updated_at", m.mode.updated_at},
                                           {"chat_mode", chat_mode_json(m.mode)}};
                     },
                     [](const Ended& e) {
                       return json::object{{"duration", e.duration}};
                     },
                 },
                 command);
  o["t"] = name(command);
  // As the socket writes JSON (non-finite numbers as null): Boost's serialize writes a chat line's
  // out-of-range number as `Infinity`, which no node, this one included, can parse back.
  std::string text;
  realtime::socketio::append_json(text, o);
  return text;
}

core::Result<Command> decode(std::string_view text) {
  if (text.size() > kMaxCommandBytes) return bad("longer than " + std::to_string(kMaxCommandBytes) + " bytes");
  boost::system::error_code ec;
  json::parse_options opts;
  opts.max_depth = 8;  // a chat line inside the command is the deepest part
  auto v = json::parse(text, ec, {}, opts);
  if (ec || !v.is_object()) return bad("not a JSON object");
  const auto& o = v.get_object();
  const auto* t = o.if_contains("t");
  if (!t || !t->is_string()) return bad("t must be a string");
  const std::string_view type = t->get_string();
  if (type == "count") {
    auto n = int_field(o, "n", 0, kMaxViewerCount);
    auto sync = flag(o, "sync");
    if (!n) return n.error();
    if (!sync) return sync.error();
    return Command(Count{static_cast<int>(*n), *sync});
  }
  if (type == "chat") return chat(o);
  if (type == "deleted") {
    auto id = id_field(o, "message_id");
    if (!id) return id.error();
    return Command(Deleted{std::move(*id)});
  }
  if (type == "timeout") {
    auto user = id_field(o, "user_id");
    auto until = int_field(o, "until", 0, kMaxTime);
    auto streamer = id_field(o, "streamer_id");
    if (!user) return user.error();
    if (!until) return until.error();
    if (!streamer) return streamer.error();
    return Command(Timeout{std::move(*user), *until, std::move(*streamer)});
  }
  if (type == "banned") return user_command<Banned>(o);
  if (type == "unbanned") return user_command<Unbanned>(o);
  if (type == "mode") return mode(o);
  if (type == "ended") {
    auto duration = int_field(o, "duration", 0, kMaxTime);
    if (!duration) return duration.error();
    return Command(Ended{*duration});
  }
  return core::Error::invalid("unknown_command", "no such command: " + std::string(type.substr(0, 32)));
}

}  // namespace tc::api::node
