// libFuzzer target for the WebSocket frame decoder (net/websocket_frame.hpp), the parser every
// client byte of a WebSocket passes through. The first byte picks how the rest is split into
// reads (the decoder must not care). Properties, beyond "no crash, no UB, no leak": the same
// events whatever the split; nothing after an error; messages within the size limit, text valid
// UTF-8; a close's code is one a peer may send (or 1005 for none) and its
// reason UTF-8; memory held stays bounded.
#include "net/websocket_frame.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.hpp"

namespace {
void check(bool ok) {
  if (!ok) std::abort();
}

constexpr size_t kMaxMessage = 4096;

std::vector<tc::net::WsEvent> decode(std::string_view in, size_t chunk) {
  tc::net::WsFrameDecoder d(kMaxMessage);
  std::vector<tc::net::WsEvent> out;
  for (size_t i = 0; i < in.size(); i += chunk) {
    d.feed(in.substr(i, chunk), out);
    check(d.buffered() <= in.size() + kMaxMessage);
  }
  return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t chunk = data[0] % 16 + 1;
  const std::string_view in(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto whole = decode(in, in.size() + 1);
  const auto split = decode(in, chunk);
  check(whole.size() == split.size());
  for (size_t i = 0; i < whole.size(); ++i) {
    const auto& a = whole[i];
    check(a.kind == split[i].kind && a.payload == split[i].payload && a.close_code == split[i].close_code &&
          a.binary == split[i].binary);
    if (a.kind == tc::net::WsEvent::Kind::error) check(i + 1 == whole.size());
    if (a.kind == tc::net::WsEvent::Kind::message) {
      check(a.payload.size() <= kMaxMessage);
      if (!a.binary) check(tc::core::utf8_length(a.payload).has_value());
    }
    if (a.kind == tc::net::WsEvent::Kind::close) {
      check(a.close_code == 1005 || tc::net::ws_close_code_valid(a.close_code));
      check(tc::core::utf8_length(a.payload).has_value());
    }
  }
  return 0;
}
