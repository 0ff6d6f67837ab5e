#pragma once
// Exact decimal prices for trade alerts (issue 13): an integer mantissa and a scale, never floating
// point. Parsed strictly from the JSON string forms ("189.5", "0.00001234", "5850.25"), kept
// normalised (no trailing zeros in the fraction), and compared and combined in 128-bit integers
// aligned to kMaxScale, so nothing is ever rounded until a result is rounded half-even on purpose.
// Pure; no I/O.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace tc::domain {

inline constexpr int kMaxPriceScale = 10;   // decimals a price may have
inline constexpr int kMaxPriceDigits = 12;  // significant digits a price may have
inline constexpr size_t kMaxPriceChars = 40;

// Products of two aligned prices stay far below 2^127: an aligned price is below 10^22.
using Wide = __int128;

struct Decimal {
  int64_t mantissa = 0;  // value = mantissa × 10^-scale; normalised: scale == 0 or mantissa % 10 != 0
  int scale = 0;

  // The normalised string form: "100.5", "5850", "0.00001234".
  std::string str() const;
  // The value × 10^kMaxPriceScale.
  Wide aligned() const;
  friend bool operator==(const Decimal&, const Decimal&) = default;
};

// -1, 0 or 1.
int compare(const Decimal& a, const Decimal& b);
inline bool operator<(const Decimal& a, const Decimal& b) { return compare(a, b) < 0; }
inline bool operator>(const Decimal& a, const Decimal& b) { return compare(a, b) > 0; }

// A price: digits with an optional fraction ("0.5", "12", "5850.00"), no sign, exponent, spaces or
// leading zeros ("01"), > 0, ≤ kMaxPriceDigits significant digits and ≤ kMaxPriceScale decimals.
// `field` names it in messages. Errors (400): invalid_price, price_not_positive, too_many_decimals,
// too_many_digits.
core::Result<Decimal> parse_price(std::string_view text, std::string_view field);

// num / den rounded half-even to `decimals` places, as a count of 10^-decimals units. den != 0.
Wide round_half_even(Wide num, Wide den, int decimals);
// A count of 10^-decimals units as a normalised decimal string ("-1.5", "0", "33.3333").
std::string units_string(Wide units, int decimals);

}  // namespace tc::domain
