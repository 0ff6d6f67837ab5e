// Session: the long-polling transport (on the strand). A GET waits for packets (one at a time per
// session); a POST's packets are handled in order; after a close one last GET may take what was
// left (lingering, see do_close).
#include <utility>

#include "realtime/engineio/packet.hpp"
#include "realtime/engineio/session.hpp"

namespace tc::realtime::engineio {

std::string Session::drain_payload() {
  std::string payload;
  for (const auto& q : polling_queue_) append_to_payload(payload, *q.data, q.binary);
  polling_queue_.clear();
  polling_bytes_ = 0;
  return payload;
}

void Session::complete_poll(PollHandler& h, PollReply reply) { h(std::move(reply)); }

void Session::answer_pending_get(std::string body) {
  if (!pending_get_) return;
  auto h = std::move(*pending_get_);
  pending_get_.reset();
  get_held_ = false;
  complete_poll(h, {200, std::move(body)});
}

void Session::on_poll(PollHandler h) {
  if (lingering_) {
    complete_poll(h, {200, drain_payload()});
    upgrade_timer_.cancel();
    end_linger();
    return;
  }
  if (closed_ || transport_ != Transport::polling) {
    complete_poll(h, {400, {}});
    return;
  }
  if (pending_get_) {
    // Two GETs at once: the client is confused. The first gets a close packet, the second a 400.
    complete_poll(h, {400, {}});
    do_close("transport error", true);
    return;
  }
  if (probed_) {
    hold_get(std::move(h));
    return;
  }
  if (!polling_queue_.empty()) {
    complete_poll(h, {200, drain_payload()});
    return;
  }
  pending_get_.emplace(std::move(h));
}

void Session::on_post(std::string_view body, PollHandler h) {
  if (closed_ || transport_ != Transport::polling) {
    complete_poll(h, {400, {}});
    return;
  }
  auto packets = decode_payload(body, options_.max_packets_per_payload);
  if (!packets) {
    complete_poll(h, {400, {}});
    do_close("parse error", false);
    return;
  }
  complete_poll(h, {200, "ok"});
  for (auto& p : *packets) {
    if (closed_) break;
    if (p.binary) {
      handle_packet(p.data, true, false);
    } else {
      const auto text = encode_text(p.type, p.data);
      handle_packet(text, false, false);
    }
  }
}

}  // namespace tc::realtime::engineio
