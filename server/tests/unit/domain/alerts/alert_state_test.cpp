// The lifecycle and the P&L of an alert, with hand-checked figures (issue 13).
#include "domain/alerts/alert_state.hpp"

#include <gtest/gtest.h>

using namespace tc::domain;

namespace {

Decimal p(const char* s) { return *parse_price(s, "p"); }

AlertState alert(Side side, const char* entry, const char* stop, std::vector<const char*> targets = {}) {
  AlertState a;
  a.alert_id = "a1";
  a.spec.symbol = "AAPL";
  a.spec.side = side;
  a.spec.entry_low = a.spec.entry_high = p(entry);
  a.spec.stop = a.stop = p(stop);
  for (const auto* t : targets) a.spec.targets.push_back(p(t));
  a.targets = a.spec.targets;
  return a;
}

AlertUpdate u(UpdateKind k, const char* price = nullptr, std::optional<int> share = std::nullopt) {
  AlertUpdate x;
  x.kind = k;
  if (price) x.price = p(price);
  x.share_pct = share;
  return x;
}

void ok(AlertState& a, const AlertUpdate& x, int64_t at = 1) {
  auto s = apply_update(a, x, at);
  ASSERT_TRUE(s.ok()) << s.error().code;
}

std::string ret(const AlertState& a) { return units_string(a.pnl->return_units, 4); }
std::string r(const AlertState& a) { return units_string(a.pnl->r_units, 4); }

// Long 100, stop 95 (risk 5), all out at 110: +10 %, +2 R.
TEST(AlertPnl, LongAllAtOnce) {
  auto a = alert(Side::long_side, "100", "95");
  ok(a, u(UpdateKind::filled, "100"));
  EXPECT_EQ(a.status, "active");
  ok(a, u(UpdateKind::close, "110"), 5);
  EXPECT_EQ(a.status, "closed");
  EXPECT_EQ(a.closed_at, 5);
  EXPECT_EQ(ret(a), "10");
  EXPECT_EQ(r(a), "2");
}

// Half at 105, the rest at 110: 0.5·5 + 0.5·10 = 7.5 % of 100; 7.5 / 5 = 1.5 R.
TEST(AlertPnl, LongWithAScaleOutIsWeighted) {
  auto a = alert(Side::long_side, "100", "95", {"105", "110"});
  ok(a, u(UpdateKind::filled, "100"));
  ok(a, u(UpdateKind::scale_out, "105", 50));
  EXPECT_FALSE(a.pnl);
  ok(a, u(UpdateKind::close, "110"));
  ASSERT_EQ(a.exits.size(), 2u);
  EXPECT_EQ(a.exits[1].share_pct, 50);
  EXPECT_EQ(ret(a), "7.5");
  EXPECT_EQ(r(a), "1.5");
}

// Fill 20, stop 18 (risk 2): 25 % at 22 (+2), 25 % at 24 (+4), 50 % at 19 (−1):
// 0.25·2 + 0.25·4 + 0.5·(−1) = 1 per share → +5 % of 20, 1 / 2 = 0.5 R.
TEST(AlertPnl, ThreeExitsOneBelowTheFill) {
  auto a = alert(Side::long_side, "20", "18");
  ok(a, u(UpdateKind::filled, "20"));
  ok(a, u(UpdateKind::scale_out, "22", 25));
  ok(a, u(UpdateKind::scale_out, "24", 25));
  ok(a, u(UpdateKind::close, "19"));
  EXPECT_EQ(ret(a), "5");
  EXPECT_EQ(r(a), "0.5");
}

// A long stopped out at its stop is −1 R; the return is the distance to the stop.
TEST(AlertPnl, LongStopHitIsMinusOneR) {
  auto a = alert(Side::long_side, "100", "95");
  ok(a, u(UpdateKind::filled, "100"));
  ok(a, u(UpdateKind::close, "95"));
  EXPECT_EQ(ret(a), "-5");
  EXPECT_EQ(r(a), "-1");
}

// Short 50, stop 52 (risk 2), covered at 47: the price fell 3 → +6 %, +1.5 R.
TEST(AlertPnl, ShortFlipsTheSigns) {
  auto a = alert(Side::short_side, "50", "52", {"47"});
  ok(a, u(UpdateKind::filled, "50"));
  ok(a, u(UpdateKind::close, "47"));
  EXPECT_EQ(ret(a), "6");
  EXPECT_EQ(r(a), "1.5");
}

// Short stopped out at 52: −4 %, −1 R. A partial cover at 48 first (+2 on 40 %) then the stop on
// the rest: 0.4·2 − 0.6·2 = −0.4 per share → −0.8 %, −0.2 R.
TEST(AlertPnl, ShortStopHitAndPartial) {
  auto a = alert(Side::short_side, "50", "52");
  ok(a, u(UpdateKind::filled, "50"));
  ok(a, u(UpdateKind::close, "52"));
  EXPECT_EQ(ret(a), "-4");
  EXPECT_EQ(r(a), "-1");
  auto b = alert(Side::short_side, "50", "52");
  ok(b, u(UpdateKind::filled, "50"));
  ok(b, u(UpdateKind::scale_out, "48", 40));
  ok(b, u(UpdateKind::close, "52"));
  EXPECT_EQ(ret(b), "-0.8");
  EXPECT_EQ(r(b), "-0.2");
}

// The fill, not the posted entry, is what P&L uses; and R stays against the initial stop even after
// the stop was moved to breakeven. Fill 3, stop 2, out at 4: 1/3 = 33.3333 % (rounded), R = 1.
TEST(AlertPnl, UsesTheFillAndTheInitialStopAndRoundsHalfEven) {
  auto a = alert(Side::long_side, "3.01", "2");
  ok(a, u(UpdateKind::filled, "3"));
  ok(a, u(UpdateKind::move_stop, "3"));
  ok(a, u(UpdateKind::close, "4"));
  EXPECT_EQ(ret(a), "33.3333");
  EXPECT_EQ(r(a), "1");
  // 2 → 2.000003: +0.00015 % → 0.0002 (half to even, up); 2 → 2.000005: 0.00025 % → 0.0002 (down).
  auto b = alert(Side::long_side, "2", "1");
  ok(b, u(UpdateKind::filled, "2"));
  ok(b, u(UpdateKind::close, "2.000003"));
  EXPECT_EQ(ret(b), "0.0002");
  auto c = alert(Side::long_side, "2", "1");
  ok(c, u(UpdateKind::filled, "2"));
  ok(c, u(UpdateKind::close, "2.000005"));
  EXPECT_EQ(ret(c), "0.0002");
  EXPECT_EQ(r(c), "0");  // 0.000005 R rounds to 0
}

TEST(AlertPnl, ExtremePricesStayExact) {
  auto a = alert(Side::long_side, "0.0000000002", "0.0000000001");
  ok(a, u(UpdateKind::filled, "0.0000000002"));
  ok(a, u(UpdateKind::close, "999999999999"));
  EXPECT_EQ(ret(a), "499999999999499999999900");  // (999999999999 − 2e-10) / 2e-10 × 100
  EXPECT_EQ(r(a), "9999999999989999999998");
}

TEST(AlertLifecycle, RefusesWhatTheStateForbids) {
  auto code = [](AlertState& a, const AlertUpdate& x) {
    auto s = apply_update(a, x, 1);
    return s ? std::string("ok") : s.error().code;
  };
  auto a = alert(Side::long_side, "100", "95", {"105"});
  EXPECT_EQ(code(a, u(UpdateKind::close, "101")), "not_filled");
  EXPECT_EQ(code(a, u(UpdateKind::scale_out, "101", 10)), "not_filled");
  EXPECT_EQ(code(a, u(UpdateKind::move_stop, "101")), "invalid_stop");  // unfilled: stays below the entry
  EXPECT_EQ(code(a, u(UpdateKind::add_target, "99")), "invalid_target");
  EXPECT_EQ(code(a, u(UpdateKind::filled, "95")), "invalid_fill");  // at the stop
  EXPECT_EQ(code(a, u(UpdateKind::filled, "99")), "ok");
  EXPECT_EQ(code(a, u(UpdateKind::filled, "99")), "already_filled");
  EXPECT_EQ(code(a, u(UpdateKind::retract)), "already_filled");
  EXPECT_EQ(code(a, u(UpdateKind::add_target, "98")), "invalid_target");  // below the fill
  EXPECT_EQ(code(a, u(UpdateKind::move_stop, "99.5")), "ok");             // trailing into profit is fine
  for (int i = 0; i < 4; ++i) EXPECT_EQ(code(a, u(UpdateKind::add_target, "110")), "ok");
  EXPECT_EQ(code(a, u(UpdateKind::add_target, "111")), "too_many_targets");
  EXPECT_EQ(code(a, u(UpdateKind::scale_out, "101", 60)), "ok");
  EXPECT_EQ(code(a, u(UpdateKind::scale_out, "101", 40)), "invalid_share_pct");  // would close it all
  EXPECT_EQ(code(a, u(UpdateKind::close, "102")), "ok");
  for (auto k : {UpdateKind::filled, UpdateKind::close, UpdateKind::move_stop, UpdateKind::add_target}) {
    EXPECT_EQ(code(a, u(k, "103")), "alert_closed");
  }
  EXPECT_EQ(code(a, u(UpdateKind::retract)), "alert_closed");

  auto b = alert(Side::short_side, "100", "105");
  EXPECT_EQ(code(b, u(UpdateKind::move_stop, "104")), "ok");
  EXPECT_EQ(code(b, u(UpdateKind::retract)), "ok");
  EXPECT_EQ(b.status, "retracted");
  EXPECT_FALSE(b.pnl);
  EXPECT_EQ(code(b, u(UpdateKind::filled, "100")), "alert_retracted");
}

TEST(AlertChatText, ReadsLikeATradingRoomCall) {
  auto a = alert(Side::long_side, "189.5", "185", {"195"});
  EXPECT_EQ(alert_chat_text(a), "LONG AAPL @ 189.5 stop 185 \u2192 195");
  auto b = alert(Side::short_side, "50", "52", {"47", "45.5"});
  b.spec.zone = true;
  b.spec.entry_high = p("50.5");
  EXPECT_EQ(alert_chat_text(b), "SHORT AAPL @ 50-50.5 stop 52 \u2192 47 / 45.5");
}

}  // namespace
