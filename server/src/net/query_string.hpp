#pragma once
// The query string of a request target ("a=1&b=x%20y"), decoded into ordered name/value pairs as
// HTML forms encode them ('+' is a space). Pure: unit-tested and fuzzed (tests/fuzz/query_string).
#include <string_view>

#include "net/http_message.hpp"

namespace tc::net {

// The pairs of `query` (the part after '?', without it), in order, duplicates kept. Empty parts
// ("a=1&&b=2") are skipped, a part without '=' has an empty value, and a part with a bad
// percent escape is dropped whole.
Fields parse_query(std::string_view query);

// The query of a request target: what follows the first '?', or empty.
std::string_view query_of(std::string_view target);

}  // namespace tc::net
