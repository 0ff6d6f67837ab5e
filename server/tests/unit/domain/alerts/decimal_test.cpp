// Decimal prices: the strict string forms, normalisation, and half-even rounding (issue 13).
#include "domain/alerts/decimal.hpp"

#include <gtest/gtest.h>

using namespace tc::domain;

namespace {

std::string norm(const char* s) {
  auto d = parse_price(s, "price");
  return d ? d->str() : "error:" + d.error().code;
}

TEST(Decimal, ParsesTheIssueFormsAndNormalises) {
  EXPECT_EQ(norm("0.00001234"), "0.00001234");
  EXPECT_EQ(norm("5850.25"), "5850.25");
  EXPECT_EQ(norm("100.50"), "100.5");
  EXPECT_EQ(norm("5850.00"), "5850");
  EXPECT_EQ(norm("189.5"), "189.5");
  EXPECT_EQ(norm("0.5"), "0.5");
  EXPECT_EQ(norm("999999999999"), "999999999999");  // 12 significant digits
  EXPECT_EQ(norm("0.0000000001"), "0.0000000001");  // 10 decimals
  EXPECT_EQ(norm("12345678.9012"), "12345678.9012");
  EXPECT_EQ(norm("1.2345678900"), "1.23456789");  // trailing zeros count as decimals, not digits
  const auto d = parse_price("100.50", "p");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->mantissa, 1005);
  EXPECT_EQ(d->scale, 1);
}

TEST(Decimal, RefusesEveryOtherForm) {
  for (const char* bad : {"", " 1", "1 ", "+1", "1e5", "1E5", ".5", "5.", "1.2.3", "01", "00.5", "0x10", "1,5", "١",
                          "NaN", "Infinity", "--1", "-", "abc"}) {
    EXPECT_EQ(norm(bad), "error:invalid_price") << bad;
  }
  EXPECT_EQ(norm("0"), "error:price_not_positive");
  EXPECT_EQ(norm("0.000"), "error:price_not_positive");
  EXPECT_EQ(norm("-1"), "error:price_not_positive");
  EXPECT_EQ(norm("-0.5"), "error:price_not_positive");
  EXPECT_EQ(norm("1.12345678901"), "error:too_many_decimals");
  EXPECT_EQ(norm("1234567890123"), "error:too_many_digits");
  EXPECT_EQ(norm("1234567.890123"), "error:too_many_digits");
  EXPECT_EQ(norm(std::string(41, '1').c_str()), "error:invalid_price");
}

TEST(Decimal, ComparesAcrossScales) {
  const auto a = *parse_price("100.5", "p"), b = *parse_price("100.50", "p"), c = *parse_price("100.499999999", "p");
  EXPECT_EQ(compare(a, b), 0);
  EXPECT_TRUE(c < a);
  EXPECT_TRUE(a > c);
  EXPECT_EQ(a.aligned(), Wide{1005} * 1'000'000'000);
}

TEST(Decimal, RoundsHalfToEven) {
  auto r = [](int64_t num, int64_t den) { return units_string(round_half_even(num, den, 4), 4); };
  EXPECT_EQ(r(1, 3), "0.3333");
  EXPECT_EQ(r(2, 3), "0.6667");
  EXPECT_EQ(r(15, 100000), "0.0002");  // 0.00015 → 0.0002 (1 is odd: up)
  EXPECT_EQ(r(25, 100000), "0.0002");  // 0.00025 → 0.0002 (2 is even: stays)
  EXPECT_EQ(r(35, 100000), "0.0004");
  EXPECT_EQ(r(-25, 100000), "-0.0002");
  EXPECT_EQ(r(-15, 100000), "-0.0002");
  EXPECT_EQ(r(5, 100000), "0");  // 0.00005 → 0 (even), and no "-0"
  EXPECT_EQ(r(-5, 100000), "0");
  EXPECT_EQ(r(7, -2), "-3.5");
  EXPECT_EQ(r(10, 1), "10");
  EXPECT_EQ(units_string(-12345, 4), "-1.2345");
  EXPECT_EQ(units_string(5, 4), "0.0005");
}

}  // namespace
