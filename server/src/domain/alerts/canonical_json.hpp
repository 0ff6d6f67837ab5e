#pragma once
// The canonical form of an alert log entry and its hash chain (issue 13; docs/alerts.md).
// Canonical form: RFC 8785 (JCS) for the values our entries hold — strings, integers, booleans,
// null, arrays and objects, never floating point: object keys sorted by their UTF-16 code units,
// no whitespace, strings escaped exactly as ECMAScript's JSON.stringify writes them (\" \\ \b \f \n
// \r \t, other C0 controls as \u00xx, everything else as UTF-8). So a browser recomputes it as a
// recursive key sort + JSON.stringify.
// Chain: hash = lowercase hex SHA-256(prev_hash as 64 ASCII hex chars ‖ canonical UTF-8 bytes), the
// first entry's prev_hash 64 '0's. Pure.
#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace tc::domain {

inline const std::string kGenesisHash(64, '0');

// Throws std::invalid_argument for a floating-point number (entries never hold one).
std::string canonical_json(const boost::json::value& v);

// Lowercase hex SHA-256 of prev_hash ‖ canonical.
std::string chain_hash(std::string_view prev_hash, std::string_view canonical);

}  // namespace tc::domain
