#include "api/json/json_fields.hpp"

namespace tc::api {

core::Result<std::optional<std::string>> optional_string(const boost::json::object& o, const char* name) {
  const auto* v = o.if_contains(name);
  if (!v || v->is_null()) return std::optional<std::string>{};
  if (!v->is_string()) return core::Error::invalid("invalid_field", std::string(name) + " must be a string");
  return std::optional<std::string>(std::string(v->as_string()));
}

core::Result<std::string> required_string(const boost::json::object& o, const char* name) {
  auto s = optional_string(o, name);
  if (!s) return s.error();
  if (!*s) return core::Error::invalid("missing_field", std::string(name) + " is required");
  return std::move(**s);
}

}  // namespace tc::api
