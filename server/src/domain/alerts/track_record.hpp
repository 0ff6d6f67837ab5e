#pragma once
// A channel's track record (issue 13), from the alerts a viewer has been released: counts, win rate,
// R and return figures, best and worst, per symbol and per timeframe, and the equity curve (cumulative
// R by close time). Figures are exact sums of the per-alert P&L (each already rounded half-even to 4
// decimals); averages and the win rate are rounded half-even to 4 decimals. Pure.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/alerts/alert_state.hpp"

namespace tc::domain {

struct RecordFigures {
  std::string key;  // the symbol or timeframe ("none" for alerts without one); empty for the total
  int alerts = 0;
  int open = 0;  // open and active
  int closed = 0;
  int retracted = 0;
  int wins = 0;  // closed with R > 0
  int losses = 0;
  Wide total_r = 0;                      // units of 0.0001
  Wide total_return = 0;                 // units of 0.0001 %
  std::optional<Wide> win_rate() const;  // % of closed
  std::optional<Wide> avg_r() const;
  std::optional<Wide> avg_return() const;
};

struct RecordExtreme {
  std::string alert_id;
  std::string symbol;
  Wide r = 0;
  Wide return_pct = 0;
};

struct EquityPoint {
  int64_t t = 0;  // closed_at
  std::string alert_id;
  Wide r = 0;
  Wide cumulative_r = 0;
};

struct TrackRecord {
  RecordFigures total;
  int active = 0;
  std::optional<RecordExtreme> best;
  std::optional<RecordExtreme> worst;
  std::vector<RecordFigures> by_symbol;     // sorted by key
  std::vector<RecordFigures> by_timeframe;  // sorted by key
  std::vector<EquityPoint> equity_curve;    // by close time
};

TrackRecord compute_track_record(const std::vector<AlertState>& alerts);

}  // namespace tc::domain
