// The input rules of an alert, an update and the channel settings (issue 13).
#include "domain/alerts/alert_rules.hpp"

#include <gtest/gtest.h>

using namespace tc::domain;

namespace {

AlertDraft long_aapl() {
  AlertDraft d;
  d.symbol = "aapl";
  d.side = "long";
  d.entry = "189.50";
  d.stop = "185";
  d.targets = {"195", "200.00"};
  d.holds_position = true;
  d.paid_promotion = false;
  d.idempotency_key = "k1";
  return d;
}

std::string code(const AlertDraft& d) {
  auto r = check_alert(d);
  return r ? "ok" : r.error().code;
}

TEST(AlertRules, AcceptsAWellFormedAlertAndNormalises) {
  auto d = long_aapl();
  d.size_pct = 50;
  d.timeframe = "swing";
  d.note = "breakout\nover the range";
  auto s = check_alert(d);
  ASSERT_TRUE(s.ok()) << s.error().code;
  EXPECT_EQ(s->symbol, "AAPL");
  EXPECT_EQ(s->entry_low.str(), "189.5");
  EXPECT_FALSE(s->zone);
  EXPECT_EQ(s->targets.at(1).str(), "200");
  EXPECT_EQ(s->size_pct, 50);
  EXPECT_TRUE(s->holds_position);
}

TEST(AlertRules, SymbolsOfTheIssue) {
  for (const char* ok : {"AAPL", "BTC-USD", "EUR/USD", "ES1!", "BRK.B", "NYSE:IBM", "x", "ABCDEFGHIJ0123456789"}) {
    EXPECT_TRUE(normalize_symbol(ok).ok()) << ok;
  }
  for (const char* bad : {"", "AA PL", "ABCDEFGHIJ01234567890", "$AAPL", "ÄPPL", "A\tB", "A_B"}) {
    EXPECT_EQ(normalize_symbol(bad).error().code, "invalid_symbol") << bad;
  }
}

TEST(AlertRules, StopMustBeOnTheLosingSideTargetsOnTheWinningSide) {
  auto d = long_aapl();
  d.stop = "190";
  EXPECT_EQ(code(d), "invalid_stop");
  d.stop = "189.5";  // at the entry is not a stop
  EXPECT_EQ(code(d), "invalid_stop");
  d = long_aapl();
  d.targets = {"195", "189"};
  EXPECT_EQ(code(d), "invalid_target");
  // A short flips both sides.
  d = long_aapl();
  d.side = "short";
  EXPECT_EQ(code(d), "invalid_stop");
  d.stop = "192";
  EXPECT_EQ(code(d), "invalid_target");
  d.targets = {"180", "175.25"};
  EXPECT_EQ(code(d), "ok");
}

TEST(AlertRules, ZonesBoundTheSidesByTheirEdges) {
  auto d = long_aapl();
  d.entry.reset();
  d.entry_low = "189";
  d.entry_high = "190";
  d.stop = "189.5";  // inside the zone
  EXPECT_EQ(code(d), "invalid_stop");
  d.stop = "188";
  d.targets = {"189.9"};  // inside the zone
  EXPECT_EQ(code(d), "invalid_target");
  d.targets = {"191"};
  auto s = check_alert(d);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->zone);
  d.entry_low = "190";  // low must be below high
  EXPECT_EQ(code(d), "invalid_entry");
  d.entry_low.reset();
  d.entry_high.reset();
  EXPECT_EQ(code(d), "missing_field");
}

TEST(AlertRules, EveryOtherBadInputHasItsCode) {
  auto d = long_aapl();
  d.side = "buy";
  EXPECT_EQ(code(d), "invalid_side");
  d = long_aapl();
  d.targets = {"191", "192", "193", "194", "195", "196"};
  EXPECT_EQ(code(d), "too_many_targets");
  d = long_aapl();
  d.targets = {};
  EXPECT_EQ(code(d), "ok");  // 0 targets is allowed
  d = long_aapl();
  d.entry = "189.12345678901";
  EXPECT_EQ(code(d), "too_many_decimals");
  d = long_aapl();
  d.stop = "-5";
  EXPECT_EQ(code(d), "price_not_positive");
  d = long_aapl();
  d.entry = "0";
  EXPECT_EQ(code(d), "price_not_positive");
  d = long_aapl();
  d.size_pct = 0;
  EXPECT_EQ(code(d), "invalid_size_pct");
  d.size_pct = 101;
  EXPECT_EQ(code(d), "invalid_size_pct");
  d = long_aapl();
  d.timeframe = "week";
  EXPECT_EQ(code(d), "invalid_timeframe");
  d = long_aapl();
  d.note = std::string(501, 'n');
  EXPECT_EQ(code(d), "note_too_long");
  d.note = std::string(500, 'n');
  EXPECT_EQ(code(d), "ok");
  d.note = "bell\a";
  EXPECT_EQ(code(d), "invalid_note");
  d = long_aapl();
  d.holds_position.reset();
  EXPECT_EQ(code(d), "missing_field");
  d = long_aapl();
  d.paid_promotion.reset();
  EXPECT_EQ(code(d), "missing_field");
  d = long_aapl();
  d.idempotency_key = "";
  EXPECT_EQ(code(d), "missing_field");
  d.idempotency_key = "has space";
  EXPECT_EQ(code(d), "invalid_idempotency_key");
}

TEST(AlertRules, UpdatesHaveTheirForms) {
  auto check = [](UpdateDraft d) {
    d.idempotency_key = "u1";
    auto r = check_update(d);
    return r ? std::string("ok") : r.error().code;
  };
  EXPECT_EQ(check({"filled", "189.6", {}, {}, ""}), "ok");
  EXPECT_EQ(check({"fill", "189.6", {}, {}, ""}), "invalid_kind");
  EXPECT_EQ(check({"filled", {}, {}, {}, ""}), "missing_field");
  EXPECT_EQ(check({"close", "0", {}, {}, ""}), "price_not_positive");
  EXPECT_EQ(check({"scale_out", "195", {}, {}, ""}), "missing_field");
  EXPECT_EQ(check({"scale_out", "195", 100, {}, ""}), "invalid_share_pct");
  EXPECT_EQ(check({"scale_out", "195", 0, {}, ""}), "invalid_share_pct");
  EXPECT_EQ(check({"scale_out", "195", 99, {}, ""}), "ok");
  EXPECT_EQ(check({"close", "195", 50, {}, ""}), "unexpected_field");
  EXPECT_EQ(check({"retract", {}, {}, "changed my mind", ""}), "ok");
  EXPECT_EQ(check({"retract", "1", {}, {}, ""}), "unexpected_field");
  EXPECT_EQ(check({"move_stop", "188", {}, std::string(501, 'x'), ""}), "note_too_long");
}

TEST(AlertRules, SettingsLimits) {
  EXPECT_EQ(check_disclaimer("too short").error().code, "invalid_disclaimer");  // 9 characters
  EXPECT_TRUE(check_disclaimer("Not advice.").ok());
  EXPECT_TRUE(check_disclaimer(std::string(1000, 'd')).ok());
  EXPECT_EQ(check_disclaimer(std::string(1001, 'd')).error().code, "invalid_disclaimer");
  EXPECT_TRUE(check_delays({0, 0, 900}).ok());
  EXPECT_EQ(check_delays({0, -1, 60}).error().code, "invalid_release_delays");
  EXPECT_EQ(check_delays({901, 0, 60}).error().code, "invalid_release_delays");
}

}  // namespace
