// A channel's track record from folded alerts (issue 13), figures checked by hand.
#include "domain/alerts/track_record.hpp"

#include <gtest/gtest.h>

using namespace tc::domain;

namespace {

AlertState closed(const char* id, const char* symbol, std::optional<std::string> tf, int64_t r_units, int64_t ret_units,
                  int64_t at) {
  AlertState a;
  a.alert_id = id;
  a.spec.symbol = symbol;
  a.spec.timeframe = std::move(tf);
  a.status = "closed";
  a.closed_at = at;
  a.pnl = AlertPnl{ret_units, r_units};
  return a;
}

AlertState with_status(const char* id, const char* status) {
  AlertState a;
  a.alert_id = id;
  a.spec.symbol = "AAPL";
  a.status = status;
  return a;
}

std::string s(const std::optional<Wide>& v) { return v ? units_string(*v, 4) : "null"; }

TEST(TrackRecord, CountsRatesAndTheEquityCurve) {
  // R: +2, −1, +1.5 (AAPL, AAPL, TSLA); returns 10 %, −5 %, 6 %.
  const std::vector<AlertState> alerts{closed("c", "TSLA", "swing", 15000, 60000, 300),
                                       closed("a", "AAPL", "day", 20000, 100000, 100),
                                       closed("b", "AAPL", std::nullopt, -10000, -50000, 200),
                                       with_status("o", "open"),
                                       with_status("x", "active"),
                                       with_status("r", "retracted")};
  const auto t = compute_track_record(alerts);
  EXPECT_EQ(t.total.alerts, 6);
  EXPECT_EQ(t.total.closed, 3);
  EXPECT_EQ(t.total.open, 2);
  EXPECT_EQ(t.active, 1);
  EXPECT_EQ(t.total.retracted, 1);
  EXPECT_EQ(t.total.wins, 2);
  EXPECT_EQ(t.total.losses, 1);
  EXPECT_EQ(s(t.total.win_rate()), "66.6667");
  EXPECT_EQ(units_string(t.total.total_r, 4), "2.5");
  EXPECT_EQ(s(t.total.avg_r()), "0.8333");       // 2.5 / 3
  EXPECT_EQ(s(t.total.avg_return()), "3.6667");  // 11 / 3
  ASSERT_TRUE(t.best && t.worst);
  EXPECT_EQ(t.best->alert_id, "a");
  EXPECT_EQ(t.worst->alert_id, "b");
  ASSERT_EQ(t.by_symbol.size(), 2u);
  EXPECT_EQ(t.by_symbol[0].key, "AAPL");
  EXPECT_EQ(t.by_symbol[0].alerts, 5);
  EXPECT_EQ(s(t.by_symbol[0].win_rate()), "50");
  EXPECT_EQ(units_string(t.by_symbol[0].total_r, 4), "1");
  EXPECT_EQ(t.by_symbol[1].key, "TSLA");
  ASSERT_EQ(t.by_timeframe.size(), 3u);
  EXPECT_EQ(t.by_timeframe[0].key, "day");
  EXPECT_EQ(t.by_timeframe[1].key, "none");
  EXPECT_EQ(t.by_timeframe[1].alerts, 4);
  ASSERT_EQ(t.equity_curve.size(), 3u);
  EXPECT_EQ(t.equity_curve[0].alert_id, "a");
  EXPECT_EQ(units_string(t.equity_curve[1].cumulative_r, 4), "1");
  EXPECT_EQ(units_string(t.equity_curve[2].cumulative_r, 4), "2.5");
  EXPECT_EQ(t.equity_curve[2].t, 300);
}

TEST(TrackRecord, EmptyHasNoRates) {
  const auto t = compute_track_record({});
  EXPECT_EQ(t.total.alerts, 0);
  EXPECT_FALSE(t.total.win_rate());
  EXPECT_FALSE(t.total.avg_r());
  EXPECT_FALSE(t.best);
  EXPECT_TRUE(t.equity_curve.empty());
}

}  // namespace
