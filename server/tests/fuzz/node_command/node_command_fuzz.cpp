// libFuzzer target for the node commands between nodes (api/events/streaming/node_command.hpp), the
// 'C' frames another node publishes on a room's bus topic. Beyond "no crash, no UB, no leak": what
// decode accepts is within its limits, and encode → decode gives back the same command, whose
// encoding is the same text again (unless a chat line carries a double: Boost.JSON 1.81 may read the
// shortest text of a double back one ulp away, see socketio_packet_fuzz.cpp).
#include "api/events/streaming/node_command.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace node = tc::api::node;

namespace {

void check(bool ok) {
  if (!ok) std::abort();  // libFuzzer records the input as a crasher
}

bool has_double(const boost::json::value& v) {
  if (v.is_double()) return true;
  if (v.is_array()) {
    for (const auto& e : v.get_array()) {
      if (has_double(e)) return true;
    }
  }
  if (v.is_object()) {
    for (const auto& kv : v.get_object()) {
      if (has_double(kv.value())) return true;
    }
  }
  return false;
}

bool bounded(const std::string& id) { return !id.empty() && id.size() <= node::kMaxIdBytes; }

void check_limits(const node::Command& c) {
  if (const auto* n = std::get_if<node::Count>(&c)) check(n->n >= 0 && n->n <= node::kMaxViewerCount);
  if (const auto* d = std::get_if<node::Deleted>(&c)) check(bounded(d->message_id));
  if (const auto* t = std::get_if<node::Timeout>(&c))
    check(bounded(t->user_id) && bounded(t->streamer_id) && t->until >= 0);
  if (const auto* b = std::get_if<node::Banned>(&c)) check(bounded(b->user_id) && bounded(b->streamer_id));
  if (const auto* u = std::get_if<node::Unbanned>(&c)) check(bounded(u->user_id) && bounded(u->streamer_id));
  if (const auto* m = std::get_if<node::Mode>(&c))
    check(bounded(m->mode.streamer_id) && m->mode.slow_mode_seconds >= 0);
  if (const auto* e = std::get_if<node::Ended>(&c)) check(e->duration >= 0);
  if (const auto* chat = std::get_if<node::Chat>(&c))
    check(bounded(chat->row.message_id) && bounded(chat->row.user_id));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  auto c = node::decode(in);
  if (!c) return 0;
  check_limits(*c);
  const auto text = node::encode(*c);
  auto again = node::decode(text);
  check(again.ok());
  check(again->index() == c->index());
  const auto* chat = std::get_if<node::Chat>(&*c);
  if (!chat || !has_double(boost::json::value(chat->line))) check(node::encode(*again) == text);
  return 0;
}
