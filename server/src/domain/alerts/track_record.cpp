#include "domain/alerts/track_record.hpp"

#include <algorithm>
#include <map>

namespace tc::domain {

namespace {

void add(RecordFigures& f, const AlertState& a) {
  ++f.alerts;
  if (a.status == "retracted") {
    ++f.retracted;
  } else if (a.status == "closed") {
    ++f.closed;
    const Wide r = a.pnl ? a.pnl->r_units : 0;
    if (r > 0) ++f.wins;
    if (r < 0) ++f.losses;
    f.total_r += r;
    f.total_return += a.pnl ? a.pnl->return_units : 0;
  } else {
    ++f.open;
  }
}

std::vector<RecordFigures> values(std::map<std::string, RecordFigures>& m) {
  std::vector<RecordFigures> out;
  out.reserve(m.size());
  for (auto& [key, f] : m) {
    f.key = key;
    out.push_back(f);
  }
  return out;
}

}  // namespace

std::optional<Wide> RecordFigures::win_rate() const {
  if (closed == 0) return std::nullopt;
  return round_half_even(Wide{wins} * 100, closed, kPnlDecimals);
}

std::optional<Wide> RecordFigures::avg_r() const {
  if (closed == 0) return std::nullopt;
  return round_half_even(total_r, closed, 0);
}

std::optional<Wide> RecordFigures::avg_return() const {
  if (closed == 0) return std::nullopt;
  return round_half_even(total_return, closed, 0);
}

TrackRecord compute_track_record(const std::vector<AlertState>& alerts) {
  TrackRecord t;
  std::map<std::string, RecordFigures> symbols, timeframes;
  std::vector<const AlertState*> closed;
  for (const auto& a : alerts) {
    add(t.total, a);
    add(symbols[a.spec.symbol], a);
    add(timeframes[a.spec.timeframe.value_or("none")], a);
    if (a.status == "active") ++t.active;
    if (a.status != "closed" || !a.pnl) continue;
    closed.push_back(&a);
    const RecordExtreme e{a.alert_id, a.spec.symbol, a.pnl->r_units, a.pnl->return_units};
    if (!t.best || e.r > t.best->r) t.best = e;
    if (!t.worst || e.r < t.worst->r) t.worst = e;
  }
  t.by_symbol = values(symbols);
  t.by_timeframe = values(timeframes);
  std::sort(closed.begin(), closed.end(), [](const AlertState* a, const AlertState* b) {
    return a->closed_at != b->closed_at ? a->closed_at < b->closed_at : a->alert_id < b->alert_id;
  });
  Wide running = 0;
  for (const auto* a : closed) {
    running += a->pnl->r_units;
    t.equity_curve.push_back({*a->closed_at, a->alert_id, a->pnl->r_units, running});
  }
  return t;
}

}  // namespace tc::domain
