#include "net/websocket_frame.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cstring>

#include "core/text.hpp"

namespace tc::net {
namespace {

constexpr uint16_t kProtocolError = 1002;
constexpr uint16_t kInvalidData = 1007;
constexpr uint16_t kTooBig = 1009;

bool is_control(uint8_t op) { return op >= 8; }

}  // namespace

void WsFrameDecoder::fail(std::vector<WsEvent>& out, uint16_t code, const char* why) {
  failed_ = true;
  WsEvent e;
  e.kind = WsEvent::Kind::error;
  e.close_code = code;
  e.payload = why;
  out.push_back(std::move(e));
}

void WsFrameDecoder::shrink() {
  if (pending_.capacity() > 4096 && pending_.empty()) std::string().swap(pending_);
  if (message_.capacity() > 4096 && message_.empty()) std::string().swap(message_);
}

void WsFrameDecoder::feed(std::string_view data, std::vector<WsEvent>& out) {
  if (failed_) return;
  if (!pending_.empty()) {
    // Finish the frame we were waiting for: append only as much as it can need, then parse on.
    pending_.append(data);
    std::string_view all(pending_);
    const size_t before = all.size();
    while (!failed_ && parse_one(all, out)) {
    }
    const size_t used = before - all.size();
    pending_.erase(0, used);
    return;
  }
  while (!failed_ && parse_one(data, out)) {
  }
  if (!failed_ && !data.empty()) pending_.assign(data);
}

// Parses one whole frame from the front of `data` and consumes it; false when more bytes are needed.
bool WsFrameDecoder::parse_one(std::string_view& data, std::vector<WsEvent>& out) {
  if (data.size() < 2) return false;
  const auto b0 = static_cast<uint8_t>(data[0]);
  const auto b1 = static_cast<uint8_t>(data[1]);
  const bool fin = b0 & 0x80;
  const uint8_t op = b0 & 0x0f;
  if (b0 & 0x70) return fail(out, kProtocolError, "reserved bits set"), false;
  if (!(b1 & 0x80)) return fail(out, kProtocolError, "client frames must be masked"), false;
  uint64_t len = b1 & 0x7f;
  size_t header = 2;
  if (len == 126) {
    if (data.size() < 4) return false;
    len = (uint64_t(uint8_t(data[2])) << 8) | uint8_t(data[3]);
    // RFC 6455 §5.2: "the minimal number of bytes MUST be used to encode the length".
    if (len < 126) return fail(out, kProtocolError, "non-minimal length"), false;
    header = 4;
  } else if (len == 127) {
    if (data.size() < 10) return false;
    len = 0;
    for (int i = 0; i < 8; ++i) len = (len << 8) | uint8_t(data[2 + i]);
    if (len >> 63) return fail(out, kProtocolError, "bad length"), false;
    if (len <= 0xffff) return fail(out, kProtocolError, "non-minimal length"), false;
    header = 10;
  }
  if (is_control(op)) {
    if (!fin || len > 125) return fail(out, kProtocolError, "bad control frame"), false;
    if (op != 8 && op != 9 && op != 10) return fail(out, kProtocolError, "unknown opcode"), false;
  } else {
    if (op != 0 && op != 1 && op != 2) return fail(out, kProtocolError, "unknown opcode"), false;
    if (op == 0 && !in_message_) return fail(out, kProtocolError, "continuation without a message"), false;
    if (op != 0 && in_message_) return fail(out, kProtocolError, "new message inside a fragmented one"), false;
    if (message_.size() + len > max_message_) return fail(out, kTooBig, "message too big"), false;
  }
  if (data.size() < header + 4 + len) return false;
  uint8_t mask[4];
  std::memcpy(mask, data.data() + header, 4);
  const char* src = data.data() + header + 4;
  std::string payload(src, static_cast<size_t>(len));
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(payload[i] ^ mask[i & 3]);
  data.remove_prefix(header + 4 + len);

  if (is_control(op)) {
    WsEvent e;
    if (op == 8) {
      e.kind = WsEvent::Kind::close;
      e.close_code = 1005;
      if (payload.size() == 1) return fail(out, kProtocolError, "bad close frame"), false;
      if (payload.size() >= 2) {
        e.close_code = static_cast<uint16_t>((uint8_t(payload[0]) << 8) | uint8_t(payload[1]));
        e.payload = payload.substr(2);
        if (!ws_close_code_valid(e.close_code)) return fail(out, kProtocolError, "invalid close code"), false;
        if (!core::utf8_length(e.payload)) return fail(out, kInvalidData, "close reason is not UTF-8"), false;
      }
    } else {
      e.kind = op == 9 ? WsEvent::Kind::ping : WsEvent::Kind::pong;
      e.payload = std::move(payload);
    }
    out.push_back(std::move(e));
    return true;
  }
  if (op != 0) {
    in_message_ = true;
    message_binary_ = op == 2;
  }
  if (message_.empty() && fin) {
    message_ = std::move(payload);
  } else {
    message_ += payload;
  }
  if (!fin) return true;
  in_message_ = false;
  if (!message_binary_ && !core::utf8_length(message_)) return fail(out, kInvalidData, "text is not UTF-8"), false;
  WsEvent e;
  e.kind = WsEvent::Kind::message;
  e.binary = message_binary_;
  e.payload = std::move(message_);
  message_.clear();
  out.push_back(std::move(e));
  return true;
}

bool ws_close_code_valid(uint16_t code) {
  // 1004-1006 and 1015 are reserved (1005/1006 mean "none" and "dropped", never sent); 1016-2999 are
  // for future RFCs; 3000-3999 are registered by libraries, 4000-4999 private.
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

size_t ws_frame_header(uint8_t* out, WsOpcode opcode, uint64_t length) {
  out[0] = static_cast<uint8_t>(0x80 | static_cast<uint8_t>(opcode));
  if (length < 126) {
    out[1] = static_cast<uint8_t>(length);
    return 2;
  }
  if (length <= 0xffff) {
    out[1] = 126;
    out[2] = static_cast<uint8_t>(length >> 8);
    out[3] = static_cast<uint8_t>(length);
    return 4;
  }
  out[1] = 127;
  for (int i = 0; i < 8; ++i) out[2 + i] = static_cast<uint8_t>(length >> (56 - 8 * i));
  return 10;
}

bool ws_client_key_valid(std::string_view key) {
  if (key.size() != 24 || !key.ends_with("==")) return false;
  return std::all_of(key.begin(), key.end() - 2, [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
  });
}

std::string ws_accept_key(std::string_view client_key) {
  static constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  std::string input(client_key);
  input += kGuid;
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  unsigned char b64[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];
  const int n = EVP_EncodeBlock(b64, digest, SHA_DIGEST_LENGTH);
  return std::string(reinterpret_cast<char*>(b64), static_cast<size_t>(n));
}

}  // namespace tc::net
