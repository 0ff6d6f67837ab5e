#pragma once
// Decoding JSON request bodies into checked fields. Every failure is a 400 with a code naming what
// is wrong, so a client can fix its request without reading server logs.
#include <boost/json/object.hpp>

#include "api/json/json_fields.hpp"  // optional_string, required_string (shared with events)
#include "core/error.hpp"
#include "net/http_message.hpp"

namespace tc::api {

// The body as a JSON object; errors: invalid_json, invalid_body (not an object).
// The Content-Type is not checked: curl and simple clients often omit it.
core::Result<boost::json::object> parse_json_object(const net::HttpRequest& req);

}  // namespace tc::api
