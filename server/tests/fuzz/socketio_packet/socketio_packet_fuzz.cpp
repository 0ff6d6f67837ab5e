// libFuzzer target for the Socket.IO v5 packet parser (realtime/socketio/packet.hpp). Beyond "no crash,
// no UB, no leak": when decode accepts a packet, encode → decode gives back the same type, namespace,
// ack id, attachment count and payload, and encoding that again gives the same text.
//
// Doubles are compared to within a few ulps: Boost.JSON 1.81 has no precise number parsing (that came
// with parse_options::numbers in later releases), so reading back the shortest text of a double can land
// one ulp away (seed corpus/double_imprecision). Everything else must match exactly.
#include "realtime/socketio/packet.hpp"

#include <boost/json/value.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <cstdlib>
#include <string>
#include <string_view>

namespace sio = tc::realtime::socketio;

namespace {

void check(bool ok) {
  if (!ok) std::abort();  // libFuzzer records the input as a crasher
}

template <class Pred>
bool any_double(const boost::json::value& v, Pred pred) {
  if (v.is_double()) return pred(v.get_double());
  if (v.is_array()) {
    for (const auto& e : v.get_array()) {
      if (any_double(e, pred)) return true;
    }
  }
  if (v.is_object()) {
    for (const auto& kv : v.get_object()) {
      if (any_double(kv.value(), pred)) return true;
    }
  }
  return false;
}
bool has_double(const boost::json::value& v) {
  return any_double(v, [](double) { return true; });
}
bool has_non_finite(const boost::json::value& v) {
  return any_double(v, [](double d) { return !std::isfinite(d); });
}

// JavaScript has one number type: 1.0 goes out as "1" and comes back an integer, which is right.
bool same(const boost::json::value& a, const boost::json::value& b) {
  if ((a.is_double() || b.is_double()) && a.is_number() && b.is_number()) {
    const double x = a.to_number<double>(), y = b.to_number<double>();
    return x == y || std::fabs(x - y) <= 4 * std::numeric_limits<double>::epsilon() * std::fabs(x);
  }
  if (a.kind() != b.kind()) return false;
  if (a.is_array()) {
    const auto &x = a.get_array(), &y = b.get_array();
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i) {
      if (!same(x[i], y[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    const auto &x = a.get_object(), &y = b.get_object();
    if (x.size() != y.size()) return false;
    auto j = y.begin();
    for (auto i = x.begin(); i != x.end(); ++i, ++j) {
      if (i->key() != j->key() || !same(i->value(), j->value())) return false;
    }
    return true;
  }
  return a == b;
}

std::string encode(const sio::Packet& p) {
  return sio::encode(p.type, p.nsp, p.id, p.data ? &*p.data : nullptr, p.attachments);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const sio::Limits limits;
  auto p = sio::decode(in, limits);
  if (!p) return 0;

  check(!p->nsp.empty() && p->nsp[0] == '/' && p->nsp.size() <= limits.max_nsp_length);
  check(!p->id || *p->id <= limits.max_ack_id);
  check(p->attachments <= limits.max_attachments);

  const auto text = encode(*p);
  check(text.size() >= 2 && text[0] == '4');  // Engine.IO message prefix
  // 1e999 reads as infinity and goes out as null, as JSON.stringify writes it: no round trip then
  // (corpus/non_finite_number).
  if (p->data && has_non_finite(*p->data)) return 0;
  auto q = sio::decode(std::string_view(text).substr(1), limits);
  check(q.has_value());
  check(q->type == p->type && q->nsp == p->nsp && q->id == p->id && q->attachments == p->attachments);
  check(q->data.has_value() == p->data.has_value());
  if (p->data) {
    check(same(*q->data, *p->data));
    check(sio::count_placeholders(*q->data) == sio::count_placeholders(*p->data));
  }
  if (!p->data || !has_double(*p->data)) check(encode(*q) == text);
  return 0;
}
