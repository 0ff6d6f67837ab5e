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

}  // namespace tc::api
