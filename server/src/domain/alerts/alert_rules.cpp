#include "domain/alerts/alert_rules.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/text.hpp"
#include "domain/wallet/money_rules.hpp"

namespace tc::domain {

namespace {

constexpr std::array<std::string_view, 4> kTimeframes{"scalp", "day", "swing", "position"};
constexpr std::array<std::string_view, 6> kKinds{"filled", "scale_out", "move_stop", "add_target", "close", "retract"};

core::Error missing(std::string_view field) {
  return core::Error::invalid("missing_field", std::string(field) + " is required");
}

// Control characters but newlines and tabs, or malformed UTF-8, make a text unusable on a card.
core::Status check_text(std::string_view text, size_t min_chars, size_t max_chars, const char* code,
                        const char* too_long_code, std::string_view what) {
  const auto n = core::utf8_length(text);
  if (!n || core::has_control_chars(text, true)) {
    return core::Error::invalid(code, std::string(what) + " must be plain text");
  }
  if (*n > max_chars) {
    return core::Error::invalid(too_long_code,
                                std::string(what) + " may have at most " + std::to_string(max_chars) + " characters");
  }
  if (*n < min_chars) {
    return core::Error::invalid(code,
                                std::string(what) + " needs at least " + std::to_string(min_chars) + " characters");
  }
  return core::ok_status();
}

}  // namespace

const char* side_name(Side s) { return s == Side::long_side ? "long" : "short"; }

const char* kind_name(UpdateKind k) { return kKinds[static_cast<size_t>(k)].data(); }

core::Result<std::string> normalize_symbol(std::string_view symbol) {
  auto allowed = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '/' || c == ':' || c == '!';
  };
  std::string out(symbol);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (out.empty() || out.size() > kMaxSymbolChars || !std::all_of(out.begin(), out.end(), allowed)) {
    return core::Error::invalid("invalid_symbol", "symbol must be 1-20 of A-Z 0-9 . - / : ! (\"AAPL\", \"ES1!\")");
  }
  return out;
}

bool on_losing_side(Side side, const Decimal& low, const Decimal& high, const Decimal& price) {
  return side == Side::long_side ? price < low : price > high;
}

bool on_winning_side(Side side, const Decimal& low, const Decimal& high, const Decimal& price) {
  return side == Side::long_side ? price > high : price < low;
}

core::Status check_note(const std::optional<std::string>& note) {
  if (!note) return core::ok_status();
  return check_text(*note, 0, kMaxAlertNoteChars, "invalid_note", "note_too_long", "note");
}

core::Result<AlertSpec> check_alert(const AlertDraft& d) {
  AlertSpec s;
  auto symbol = normalize_symbol(d.symbol);
  if (!symbol) return symbol.error();
  s.symbol = std::move(*symbol);
  if (d.side == "long") {
    s.side = Side::long_side;
  } else if (d.side == "short") {
    s.side = Side::short_side;
  } else {
    return core::Error::invalid("invalid_side", "side must be \"long\" or \"short\"");
  }
  if (d.entry) {
    auto e = parse_price(*d.entry, "entry");
    if (!e) return e.error();
    s.entry_low = s.entry_high = *e;
  } else if (d.entry_low && d.entry_high) {
    auto lo = parse_price(*d.entry_low, "entry.low");
    if (!lo) return lo.error();
    auto hi = parse_price(*d.entry_high, "entry.high");
    if (!hi) return hi.error();
    if (!(*lo < *hi)) return core::Error::invalid("invalid_entry", "entry.low must be below entry.high");
    s.zone = true;
    s.entry_low = *lo;
    s.entry_high = *hi;
  } else {
    return missing("entry");
  }
  auto stop = parse_price(d.stop, "stop");
  if (!stop) return stop.error();
  if (!on_losing_side(s.side, s.entry_low, s.entry_high, *stop)) {
    return core::Error::invalid("invalid_stop", s.side == Side::long_side ? "stop must be below the entry for a long"
                                                                          : "stop must be above the entry for a short");
  }
  s.stop = *stop;
  if (d.targets.size() > kMaxTargets) return core::Error::invalid("too_many_targets", "at most 5 targets");
  for (const auto& t : d.targets) {
    auto p = parse_price(t, "target");
    if (!p) return p.error();
    if (!on_winning_side(s.side, s.entry_low, s.entry_high, *p)) {
      return core::Error::invalid("invalid_target", s.side == Side::long_side
                                                        ? "targets must be above the entry for a long"
                                                        : "targets must be below the entry for a short");
    }
    s.targets.push_back(*p);
  }
  if (d.size_pct) {
    if (*d.size_pct < 1 || *d.size_pct > 100) return core::Error::invalid("invalid_size_pct", "size_pct must be 1-100");
    s.size_pct = static_cast<int>(*d.size_pct);
  }
  if (d.timeframe) {
    if (std::find(kTimeframes.begin(), kTimeframes.end(), *d.timeframe) == kTimeframes.end()) {
      return core::Error::invalid("invalid_timeframe", "timeframe must be scalp, day, swing or position");
    }
    s.timeframe = d.timeframe;
  }
  if (auto n = check_note(d.note); !n) return n.error();
  s.note = d.note;
  if (!d.holds_position) return missing("holds_position");
  if (!d.paid_promotion) return missing("paid_promotion");
  s.holds_position = *d.holds_position;
  s.paid_promotion = *d.paid_promotion;
  if (auto k = check_idempotency_key(d.idempotency_key); !k) return k.error();
  return s;
}

core::Result<AlertUpdate> check_update(const UpdateDraft& d) {
  const auto it = std::find(kKinds.begin(), kKinds.end(), d.kind);
  if (it == kKinds.end()) {
    return core::Error::invalid("invalid_kind",
                                "kind must be filled, scale_out, move_stop, add_target, close or retract");
  }
  AlertUpdate u;
  u.kind = static_cast<UpdateKind>(it - kKinds.begin());
  if (u.kind == UpdateKind::retract) {
    if (d.price) return core::Error::invalid("unexpected_field", "retract takes no price");
  } else {
    if (!d.price) return missing("price");
    auto p = parse_price(*d.price, "price");
    if (!p) return p.error();
    u.price = *p;
  }
  if (u.kind == UpdateKind::scale_out) {
    if (!d.share_pct) return missing("share_pct");
    if (*d.share_pct < 1 || *d.share_pct > 99) {
      return core::Error::invalid("invalid_share_pct", "share_pct must be a whole number 1-99");
    }
    u.share_pct = static_cast<int>(*d.share_pct);
  } else if (d.share_pct) {
    return core::Error::invalid("unexpected_field", "share_pct belongs to scale_out only");
  }
  if (auto n = check_note(d.note); !n) return n.error();
  u.note = d.note;
  if (auto k = check_idempotency_key(d.idempotency_key); !k) return k.error();
  return u;
}

core::Status check_disclaimer(std::string_view text) {
  return check_text(text, kMinDisclaimerChars, kMaxDisclaimerChars, "invalid_disclaimer", "invalid_disclaimer",
                    "disclaimer");
}

core::Status check_delays(const ReleaseDelays& d) {
  for (int v : {d.premium_s, d.basic_s, d.free_s}) {
    if (v < 0 || v > kMaxReleaseDelaySeconds) {
      return core::Error::invalid("invalid_release_delays", "each release delay must be 0-900 seconds");
    }
  }
  return core::ok_status();
}

}  // namespace tc::domain
