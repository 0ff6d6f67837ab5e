#include "api/rest/signed_in.hpp"

#include "api/json/money_json.hpp"
#include "api/rest/authenticator.hpp"
#include "api/rest/json_body.hpp"

namespace tc::api {

core::Result<boost::json::object> money_body(const net::HttpRequest& req, std::string_view currency) {
  auto body = parse_json_object(req);
  if (!body) return body;
  if (auto c = currency_field(*body, currency); !c) return c.error();
  return body;
}

boost::asio::awaitable<core::Result<SignedInBody>> signed_in_body(const net::HttpRequest& req, ApiContext& ctx,
                                                                  std::optional<std::string_view> currency) {
  auto who = co_await authenticate(req, ctx);
  if (!who) co_return who.error();
  auto body = currency ? money_body(req, *currency) : parse_json_object(req);
  if (!body) co_return body.error();
  co_return SignedInBody{std::move(*who), std::move(*body)};
}

}  // namespace tc::api
