// libFuzzer target for the Engine.IO v4 parsers (realtime/engineio/packet.hpp): polling payloads,
// WebSocket frames and base64. Properties checked, beyond "no crash, no UB, no leak":
//  - an accepted payload, encoded again packet by packet, decodes to the same packets;
//  - base64_decode(base64_encode(x)) == x for any bytes;
//  - a text frame decodes iff its first byte is a packet type, and keeps its data byte for byte.
#include "realtime/engineio/packet.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace eio = tc::realtime::engineio;

namespace {

void check(bool ok) {
  if (!ok) std::abort();  // libFuzzer records the input as a crasher
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);

  if (auto packets = eio::decode_payload(in, 64)) {
    check(!packets->empty() && packets->size() <= 64);
    std::string again;
    for (const auto& p : *packets) {
      check(!p.binary || p.type == eio::PacketType::message);
      eio::append_to_payload(again, p.binary ? p.data : eio::encode_text(p.type, p.data), p.binary);
    }
    auto back = eio::decode_payload(again, 64);
    check(back.has_value() && back->size() == packets->size());
    for (size_t i = 0; i < packets->size(); ++i) {
      const auto& a = (*packets)[i];
      const auto& b = (*back)[i];
      check(a.type == b.type && a.binary == b.binary && a.data == b.data);
    }
  }

  for (bool binary : {false, true}) {
    auto f = eio::decode_frame(in, binary);
    if (binary) {
      check(f && f->binary && f->type == eio::PacketType::message && f->data == in);
    } else {
      const bool typed = !in.empty() && in[0] >= '0' && in[0] <= '6';
      check(f.has_value() == typed);
      if (f) check(!f->binary && static_cast<char>(f->type) == in[0] && f->data == in.substr(1));
    }
  }

  const auto encoded = eio::base64_encode(in);
  check(encoded.size() == (size + 2) / 3 * 4);
  auto decoded = eio::base64_decode(encoded);
  check(decoded.has_value() && *decoded == in);
  // Whatever the decoder accepts must be whole groups of 4 and give at most 3 bytes per group.
  if (auto raw = eio::base64_decode(in)) check(size % 4 == 0 && raw->size() <= size / 4 * 3);
  return 0;
}
