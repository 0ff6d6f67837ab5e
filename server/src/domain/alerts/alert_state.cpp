#include "domain/alerts/alert_state.hpp"

namespace tc::domain {

namespace {

core::Status finished(const AlertState& a) {
  if (a.status == "closed") return core::Error::conflict("alert_closed", "The alert is closed; it cannot change");
  if (a.status == "retracted") {
    return core::Error::conflict("alert_retracted", "The alert was retracted; it cannot change");
  }
  return core::ok_status();
}

void close_with(AlertState& a, int64_t at) {
  a.status = "closed";
  a.closed_at = at;
  a.pnl = compute_pnl(a.spec.side, *a.fill, a.spec.stop, a.exits);
}

}  // namespace

core::Status apply_update(AlertState& a, const AlertUpdate& u, int64_t at) {
  if (auto f = finished(a); !f) return f;
  const bool filled = a.fill.has_value();
  const Side side = a.spec.side;
  switch (u.kind) {
    case UpdateKind::filled:
      if (filled) return core::Error::conflict("already_filled", "The alert is already filled");
      if (!on_winning_side(side, a.spec.stop, a.spec.stop, *u.price)) {
        return core::Error::invalid("invalid_fill", "The fill must be on the entry's side of the stop");
      }
      a.fill = *u.price;
      a.status = "active";
      break;
    case UpdateKind::scale_out:
      if (!filled) return core::Error::conflict("not_filled", "Scale out after the fill");
      if (a.exited_share + *u.share_pct >= 100) {
        return core::Error::invalid("invalid_share_pct", "Scale-outs must leave part of the position; close the rest");
      }
      a.exits.push_back({*u.price, *u.share_pct, at});
      a.exited_share += *u.share_pct;
      break;
    case UpdateKind::move_stop:
      // Before the fill the stop keeps the posting rule; after it a stop may trail into profit.
      if (!filled && !on_losing_side(side, a.spec.entry_low, a.spec.entry_high, *u.price)) {
        return core::Error::invalid("invalid_stop", "The stop must stay on the losing side of the entry");
      }
      a.stop = *u.price;
      break;
    case UpdateKind::add_target: {
      if (a.targets.size() >= kMaxTargets) return core::Error::invalid("too_many_targets", "at most 5 targets");
      const bool ok = filled ? on_winning_side(side, *a.fill, *a.fill, *u.price)
                             : on_winning_side(side, a.spec.entry_low, a.spec.entry_high, *u.price);
      if (!ok) return core::Error::invalid("invalid_target", "A target must be on the winning side of the entry");
      a.targets.push_back(*u.price);
      break;
    }
    case UpdateKind::close:
      if (!filled) return core::Error::conflict("not_filled", "Close after the fill; retract an unfilled alert");
      a.exits.push_back({*u.price, 100 - a.exited_share, at});
      a.exited_share = 100;
      close_with(a, at);
      break;
    case UpdateKind::retract:
      if (filled) return core::Error::conflict("already_filled", "A filled alert cannot be retracted; close it");
      a.status = "retracted";
      a.closed_at = at;
      break;
  }
  a.updated_at = at;
  return core::ok_status();
}

std::optional<AlertPnl> compute_pnl(Side side, const Decimal& fill, const Decimal& initial_stop,
                                    const std::vector<AlertExit>& exits) {
  const Wide f = fill.aligned();
  const Wide risk = f > initial_stop.aligned() ? f - initial_stop.aligned() : initial_stop.aligned() - f;
  if (risk == 0 || f == 0) return std::nullopt;
  Wide gain = 0;  // Σ share·(exit − fill), in % of the position × price
  for (const auto& e : exits) gain += Wide{e.share_pct} * (e.price.aligned() - f);
  if (side == Side::short_side) gain = -gain;
  return AlertPnl{round_half_even(gain, f, kPnlDecimals), round_half_even(gain, risk * 100, kPnlDecimals)};
}

std::string alert_chat_text(const AlertState& a) {
  std::string s = a.spec.side == Side::long_side ? "LONG " : "SHORT ";
  s += a.spec.symbol + " @ " + a.spec.entry_low.str();
  if (a.spec.zone) s += "-" + a.spec.entry_high.str();
  s += " stop " + a.spec.stop.str();
  for (size_t i = 0; i < a.spec.targets.size(); ++i) s += (i == 0 ? " \u2192 " : " / ") + a.spec.targets[i].str();
  return s;
}

}  // namespace tc::domain
