#include "api/rest/json_body.hpp"

#include <boost/json/parse.hpp>

namespace tc::api {

core::Result<boost::json::object> parse_json_object(const net::HttpRequest& req) {
  boost::system::error_code ec;
  boost::json::parse_options opts;
  opts.max_depth = 16;
  auto v = boost::json::parse(req.body, ec, {}, opts);
  if (ec) return core::Error::invalid("invalid_json", "The body is not valid JSON");
  if (!v.is_object()) return core::Error::invalid("invalid_body", "The body must be a JSON object");
  return std::move(v.as_object());
}

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
