#include "realtime/socketio/packet.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <cmath>

namespace tc::realtime::socketio {
namespace json = boost::json;
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool shape_valid(const Packet& p) {
  const auto& d = p.data;
  switch (p.type) {
    case PacketType::connect:
      return !d || d->is_object();
    case PacketType::disconnect:
      return !d;
    case PacketType::connect_error:
      return d && (d->is_object() || d->is_string());
    case PacketType::event:
    case PacketType::binary_event: {
      if (!d || !d->is_array() || d->as_array().empty()) return false;
      const auto& name = d->as_array()[0];
      if (name.is_number()) return true;
      if (!name.is_string()) return false;
      // Names the Socket.IO server keeps for itself; a client may not emit them.
      static constexpr std::string_view kReserved[] = {"connect",       "connect_error", "disconnect",
                                                       "disconnecting", "newListener",   "removeListener"};
      for (auto r : kReserved) {
        if (name.as_string() == r) return false;
      }
      return true;
    }
    case PacketType::ack:
    case PacketType::binary_ack:
      return d && d->is_array() && p.id.has_value();
  }
  return false;
}

bool is_placeholder(const json::object& o) {
  const auto* flag = o.if_contains("_placeholder");
  return flag && flag->is_bool() && flag->as_bool();
}

template <class F>
bool walk_placeholders(const json::value& v, F&& f, int depth = 0) {
  if (depth > 64) return false;
  if (v.is_array()) {
    for (const auto& e : v.as_array()) {
      if (!walk_placeholders(e, f, depth + 1)) return false;
    }
  } else if (v.is_object()) {
    const auto& o = v.as_object();
    if (is_placeholder(o)) return f(o);
    for (const auto& [k, e] : o) {
      if (!walk_placeholders(e, f, depth + 1)) return false;
    }
  }
  return true;
}

}  // namespace

std::optional<Packet> decode(std::string_view s, const Limits& limits) {
  if (s.empty() || s[0] < '0' || s[0] > '6') return std::nullopt;
  Packet p;
  p.type = static_cast<PacketType>(s[0] - '0');
  size_t i = 1;
  if (p.type == PacketType::binary_event || p.type == PacketType::binary_ack) {
    const size_t start = i;
    uint64_t n = 0;
    while (i < s.size() && is_digit(s[i]) && i - start < 4) n = n * 10 + static_cast<uint64_t>(s[i++] - '0');
    if (i == start || i >= s.size() || s[i] != '-' || n > limits.max_attachments) return std::nullopt;
    p.attachments = static_cast<size_t>(n);
    ++i;
  }
  if (i < s.size() && s[i] == '/') {
    const auto comma = s.find(',', i);
    const auto end = comma == std::string_view::npos ? s.size() : comma;
    if (end - i > limits.max_nsp_length) return std::nullopt;
    p.nsp.assign(s.substr(i, end - i));
    i = comma == std::string_view::npos ? s.size() : comma + 1;
  }
  if (i < s.size() && is_digit(s[i])) {
    uint64_t id = 0;
    const size_t start = i;
    while (i < s.size() && is_digit(s[i])) {
      if (i - start >= 16) return std::nullopt;  // 16 digits already exceed 2^53
      id = id * 10 + static_cast<uint64_t>(s[i++] - '0');
    }
    if (id > limits.max_ack_id) return std::nullopt;
    p.id = id;
  }
  if (i < s.size()) {
    boost::system::error_code ec;
    json::parse_options opts;
    opts.max_depth = 32;
    auto v = json::parse(s.substr(i), ec, {}, opts);
    if (ec) return std::nullopt;
    p.data = std::move(v);
  }
  if (!shape_valid(p)) return std::nullopt;
  if (p.data && (p.type == PacketType::binary_event || p.type == PacketType::binary_ack) &&
      !placeholders_valid(*p.data, p.attachments)) {
    return std::nullopt;
  }
  return p;
}

std::string encode(PacketType type, std::string_view nsp, std::optional<uint64_t> id, const json::value* data,
                   size_t attachments) {
  std::string out = "4";
  out += static_cast<char>('0' + static_cast<int>(type));
  if (type == PacketType::binary_event || type == PacketType::binary_ack) {
    out += std::to_string(attachments);
    out += '-';
  }
  if (nsp != "/") {
    out += nsp;
    out += ',';
  }
  if (id) out += std::to_string(*id);
  if (data) append_json(out, *data);
  return out;
}

void append_json(std::string& out, const json::value& v) {
  switch (v.kind()) {
    case json::kind::double_: {
      // JavaScript's number text, not Boost's "1.5E0": the shortest form that reads back exactly.
      const double d = v.get_double();
      if (!std::isfinite(d)) {
        out += "null";
        return;
      }
      char buf[32];
      const auto r = std::to_chars(buf, buf + sizeof buf, d);
      out.append(buf, r.ptr);
      return;
    }
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out += ',';
        first = false;
        append_json(out, e);
      }
      out += ']';
      return;
    }
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& [k, e] : v.get_object()) {
        if (!first) out += ',';
        first = false;
        out += json::serialize(json::string_view(k));
        out += ':';
        append_json(out, e);
      }
      out += '}';
      return;
    }
    default:
      out += json::serialize(v);
  }
}

bool placeholders_valid(const json::value& v, size_t attachments) {
  return walk_placeholders(v, [&](const json::object& o) {
    const auto* num = o.if_contains("num");
    if (!num) return false;
    if (num->is_int64()) return num->as_int64() >= 0 && static_cast<uint64_t>(num->as_int64()) < attachments;
    if (num->is_uint64()) return num->as_uint64() < attachments;
    return false;
  });
}

size_t count_placeholders(const json::value& v) {
  size_t n = 0;
  walk_placeholders(v, [&](const json::object&) {
    ++n;
    return true;
  });
  return n;
}

}  // namespace tc::realtime::socketio
