#include "domain/alerts/canonical_json.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "core/text.hpp"
#include "domain/wallet/money_rules.hpp"

namespace tc::domain {

namespace {

namespace json = boost::json;

// UTF-16 code units of well-formed UTF-8 (Boost.JSON refuses malformed UTF-8 when parsing).
std::u16string utf16(std::string_view s) {
  std::u16string out;
  const auto cps = core::utf8_decode(s);
  if (!cps) throw std::invalid_argument("canonical_json: a key is not UTF-8");
  for (char32_t cp : *cps) {
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  }
  return out;
}

void write_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xF]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

void write(std::string& out, const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      out += "null";
      return;
    case json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      return;
    case json::kind::int64:
      out += std::to_string(v.get_int64());
      return;
    case json::kind::uint64:
      out += std::to_string(v.get_uint64());
      return;
    case json::kind::double_:
      throw std::invalid_argument("canonical_json: floating point is not allowed");
    case json::kind::string:
      write_string(out, v.get_string());
      return;
    case json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        write(out, e);
      }
      out.push_back(']');
      return;
    }
    case json::kind::object: {
      const auto& o = v.get_object();
      std::vector<std::pair<std::u16string, const json::key_value_pair*>> keys;
      keys.reserve(o.size());
      for (const auto& kv : o) keys.emplace_back(utf16(kv.key()), &kv);
      std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      out.push_back('{');
      bool first = true;
      for (const auto& [_, kv] : keys) {
        if (!first) out.push_back(',');
        first = false;
        write_string(out, kv->key());
        out.push_back(':');
        write(out, kv->value());
      }
      out.push_back('}');
      return;
    }
  }
}

}  // namespace

std::string canonical_json(const json::value& v) {
  std::string out;
  write(out, v);
  return out;
}

std::string chain_hash(std::string_view prev_hash, std::string_view canonical) {
  std::string bytes;
  bytes.reserve(prev_hash.size() + canonical.size());
  bytes.append(prev_hash).append(canonical);
  return request_fingerprint(bytes);  // hex SHA-256
}

}  // namespace tc::domain
