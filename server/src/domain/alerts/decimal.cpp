#include "domain/alerts/decimal.hpp"

#include <algorithm>

namespace tc::domain {

namespace {

Wide pow10(int n) {
  Wide p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

std::string wide_digits(Wide v) {  // v >= 0
  if (v == 0) return "0";
  std::string s;
  while (v > 0) {
    s.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  std::reverse(s.begin(), s.end());
  return s;
}

core::Error price_error(std::string code, std::string_view field, std::string_view why) {
  return core::Error::invalid(std::move(code), std::string(field) + " " + std::string(why));
}

}  // namespace

std::string Decimal::str() const { return units_string(mantissa, scale); }

Wide Decimal::aligned() const { return Wide{mantissa} * pow10(kMaxPriceScale - scale); }

int compare(const Decimal& a, const Decimal& b) {
  const Wide x = a.aligned(), y = b.aligned();
  return x < y ? -1 : (x > y ? 1 : 0);
}

core::Result<Decimal> parse_price(std::string_view text, std::string_view field) {
  constexpr std::string_view kForm = "must be a decimal string such as \"189.5\"";
  if (text.empty() || text.size() > kMaxPriceChars) return price_error("invalid_price", field, kForm);
  if (text.front() == '-') {
    // Only a well-formed negative number earns the clearer code; "-x" and "--1" are just malformed.
    if (text.size() > 1 && text[1] != '-') {
      auto rest = parse_price(text.substr(1), field);
      if (rest || rest.error().code != "invalid_price") {
        return price_error("price_not_positive", field, "must be greater than zero");
      }
    }
    return price_error("invalid_price", field, kForm);
  }
  const auto dot = text.find('.');
  const auto whole = text.substr(0, dot);
  const auto frac = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  auto all_digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!all_digits(whole) || (dot != std::string_view::npos && !all_digits(frac))) {
    return price_error("invalid_price", field, kForm);
  }
  if (whole.size() > 1 && whole.front() == '0') return price_error("invalid_price", field, "has a leading zero");
  if (frac.size() > static_cast<size_t>(kMaxPriceScale)) {
    return price_error("too_many_decimals", field, "may have at most 10 decimals");
  }
  // Significant digits: the digits between the first and the last non-zero one, once trailing
  // zeros of the fraction are dropped (they are not part of the value).
  std::string digits = std::string(whole) + std::string(frac);
  int scale = static_cast<int>(frac.size());
  while (scale > 0 && digits.back() == '0') {
    digits.pop_back();
    --scale;
  }
  const auto first = digits.find_first_not_of('0');
  if (first == std::string::npos) return price_error("price_not_positive", field, "must be greater than zero");
  digits.erase(0, first);
  if (digits.size() > static_cast<size_t>(kMaxPriceDigits)) {
    return price_error("too_many_digits", field, "may have at most 12 significant digits");
  }
  Decimal d;
  d.scale = scale;
  for (char c : digits) d.mantissa = d.mantissa * 10 + (c - '0');
  return d;
}

Wide round_half_even(Wide num, Wide den, int decimals) {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  const Wide scaled = num * pow10(decimals);
  Wide q = scaled / den;  // truncates toward zero
  Wide r = scaled % den;  // same sign as scaled
  const bool negative = r < 0;
  if (negative) r = -r;
  const Wide twice = r * 2;
  if (twice > den || (twice == den && q % 2 != 0)) q += negative ? -1 : 1;
  return q;
}

std::string units_string(Wide units, int decimals) {
  const bool negative = units < 0;
  if (negative) units = -units;
  while (decimals > 0 && units % 10 == 0) {
    units /= 10;
    --decimals;
  }
  std::string s = wide_digits(units);
  if (decimals > 0) {
    if (s.size() <= static_cast<size_t>(decimals)) s.insert(0, static_cast<size_t>(decimals) + 1 - s.size(), '0');
    s.insert(s.size() - static_cast<size_t>(decimals), ".");
  }
  if (negative && units != 0) s.insert(0, "-");
  return s;
}

}  // namespace tc::domain
