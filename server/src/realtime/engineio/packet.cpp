#include "realtime/engineio/packet.hpp"

#include <array>

namespace tc::realtime::engineio {
namespace {

constexpr char kSeparator = '\x1e';
constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool valid_type(char c) { return c >= '0' && c <= '6'; }

std::optional<Packet> decode_text(std::string_view s) {
  if (s.empty() || !valid_type(s[0])) return std::nullopt;
  Packet p;
  p.type = static_cast<PacketType>(s[0]);
  p.data.assign(s.substr(1));
  return p;
}

}  // namespace

std::optional<Packet> decode_frame(std::string_view frame, bool binary_frame) {
  if (binary_frame) return Packet{PacketType::message, std::string(frame), true};
  return decode_text(frame);
}

std::optional<std::vector<Packet>> decode_payload(std::string_view body, size_t max_packets) {
  std::vector<Packet> out;
  if (body.empty()) return std::nullopt;
  size_t start = 0;
  for (;;) {
    const auto sep = body.find(kSeparator, start);
    const auto part = body.substr(start, sep == std::string_view::npos ? std::string_view::npos : sep - start);
    if (out.size() >= max_packets) return std::nullopt;
    if (!part.empty() && part[0] == 'b') {
      auto bytes = base64_decode(part.substr(1));
      if (!bytes) return std::nullopt;
      out.push_back({PacketType::message, std::move(*bytes), true});
    } else {
      auto p = decode_text(part);
      if (!p) return std::nullopt;
      out.push_back(std::move(*p));
    }
    if (sep == std::string_view::npos) break;
    start = sep + 1;
  }
  return out;
}

void append_to_payload(std::string& payload, std::string_view encoded, bool binary) {
  if (!payload.empty()) payload += kSeparator;
  if (binary) {
    payload += 'b';
    payload += base64_encode(encoded);
  } else {
    payload += encoded;
  }
}

std::string encode_text(PacketType type, std::string_view data) {
  std::string s;
  s.reserve(1 + data.size());
  s += static_cast<char>(type);
  s += data;
  return s;
}

std::string base64_encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == in.size()) {
    const uint32_t v = uint8_t(in[i]) << 16;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view in) {
  static const auto table = [] {
    std::array<int8_t, 256> t{};
    t.fill(-1);
    for (size_t i = 0; i < kAlphabet.size(); ++i) t[static_cast<uint8_t>(kAlphabet[i])] = static_cast<int8_t>(i);
    return t;
  }();
  if (in.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(in.size() / 4 * 3);
  for (size_t i = 0; i < in.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = in[i + k];
      if (c == '=') {
        // Padding only in the last group's last two places.
        if (i + 4 != in.size() || k < 2) return std::nullopt;
        v[k] = 0;
        ++pad;
      } else {
        if (pad) return std::nullopt;
        v[k] = table[static_cast<uint8_t>(c)];
        if (v[k] < 0) return std::nullopt;
      }
    }
    const uint32_t n = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    out += static_cast<char>(n >> 16);
    if (pad < 2) out += static_cast<char>((n >> 8) & 0xff);
    if (pad < 1) out += static_cast<char>(n & 0xff);
  }
  return out;
}

}  // namespace tc::realtime::engineio
