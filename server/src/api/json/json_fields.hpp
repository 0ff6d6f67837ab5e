#pragma once
// Checked fields of a decoded JSON object, shared by REST bodies and Socket.IO event payloads. Every
// failure names the field's problem in its code, so a client can fix its request without our logs.
#include <boost/json/object.hpp>

#include <optional>
#include <string>

#include "core/error.hpp"

namespace tc::api {

// A string field; absent or null gives nullopt. Errors: invalid_field (not a string).
core::Result<std::optional<std::string>> optional_string(const boost::json::object& o, const char* name);
// A string field that must be present. Errors: missing_field, invalid_field.
core::Result<std::string> required_string(const boost::json::object& o, const char* name);

}  // namespace tc::api
