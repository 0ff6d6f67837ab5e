// libFuzzer target for the RESP2 reader (realtime/bus/resp.hpp): the bytes a Redis server (or
// anything answering on its port) sends to the bus. Properties checked, beyond "no crash, no UB, no leak":
//  - the replies do not depend on how the bytes are split across feed() calls (the socket reads
//    them in arbitrary pieces);
//  - as_pubsub() accepts only a 3-element array whose kind is message/subscribe/unsubscribe;
//  - resp_command() of any arguments reads back as one array of exactly those strings;
//  - parse_redis_url() either throws std::invalid_argument or gives an IP and a non-zero port.
#include "realtime/bus/resp.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bus = tc::realtime::bus;

namespace {

void check(bool ok) {
  if (!ok) std::abort();  // libFuzzer records the input as a crasher
}

bool same(const bus::RespValue& a, const bus::RespValue& b) {
  if (a.type != b.type || a.str != b.str || a.integer != b.integer || a.elements.size() != b.elements.size()) {
    return false;
  }
  for (size_t i = 0; i < a.elements.size(); ++i) {
    if (!same(a.elements[i], b.elements[i])) return false;
  }
  return true;
}

// Every reply the bytes hold, fed in pieces of at most `piece` bytes; `failed` when the reader threw.
std::vector<bus::RespValue> read_all(std::string_view in, size_t piece, bool& failed) {
  std::vector<bus::RespValue> out;
  failed = false;
  bus::RespReader reader;
  try {
    for (size_t at = 0; at < in.size(); at += piece) {
      reader.feed(in.substr(at, piece));
      while (auto v = reader.next()) out.push_back(std::move(*v));
    }
  } catch (const bus::RespError&) {
    failed = true;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);

  bool whole_failed = false;
  auto whole = read_all(in, in.size() + 1, whole_failed);
  const size_t piece = size == 0 ? 1 : 1 + data[0] % 7;
  bool split_failed = false;
  auto split = read_all(in, piece, split_failed);
  // Split feeding gives the same replies, and on a protocol error the same ones before it.
  check(whole_failed == split_failed);
  check(whole.size() == split.size());
  for (size_t i = 0; i < whole.size(); ++i) check(same(whole[i], split[i]));

  for (auto& v : whole) {
    const bool array3 = v.type == bus::RespValue::Type::array && v.elements.size() == 3;
    const auto kind = array3 ? v.elements[0].str : std::string();
    if (auto p = bus::as_pubsub(std::move(v))) {
      check(array3 && p->kind == kind);
      check(p->kind == "message" || p->kind == "subscribe" || p->kind == "unsubscribe");
    }
  }

  // The input cut at NUL bytes as command arguments.
  std::vector<std::string_view> args;
  for (size_t at = 0; at <= in.size() && args.size() < 16;) {
    const auto end = std::min(in.find('\0', at), in.size());
    args.push_back(in.substr(at, end - at));
    at = end + 1;
  }
  bus::RespReader reader;
  reader.feed(bus::resp_command(args));
  auto cmd = reader.next();
  check(cmd && cmd->type == bus::RespValue::Type::array && cmd->elements.size() == args.size());
  for (size_t i = 0; i < args.size(); ++i) {
    check(cmd->elements[i].type == bus::RespValue::Type::string && cmd->elements[i].str == args[i]);
  }
  check(!reader.next());

  try {
    const auto a = bus::parse_redis_url(in);
    check(!a.ip.empty() && a.port != 0);
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
