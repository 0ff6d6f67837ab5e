#pragma once
// Decoding JSON request bodies into checked fields. Every failure is a 400 with a code naming what
// is wrong, so a client can fix its request without reading server logs.
#include <boost/json/object.hpp>

#include <optional>
#include <string>

#include "core/error.hpp"
#include "net/http_message.hpp"

namespace tc::api {

// The body as a JSON object; errors: invalid_json, invalid_body (not an object).
// The Content-Type is not checked: curl and simple clients often omit it.
core::Result<boost::json::object> parse_json_object(const net::HttpRequest& req);

// A string field; absent or null gives nullopt. Errors: invalid_field (not a string).
core::Result<std::optional<std::string>> optional_string(const boost::json::object& o, const char* name);
// A string field that must be present. Errors: missing_field, invalid_field.
core::Result<std::string> required_string(const boost::json::object& o, const char* name);

}  // namespace tc::api
