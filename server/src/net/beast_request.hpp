#pragma once
// Internal to net: our plain HttpRequest made from a Beast request, so handlers never see Beast.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <string>

#include "net/http_message.hpp"

namespace tc::net {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;

// Copies method, target, query, headers (names lower-cased) and body; takes the client's
// X-Request-Id when it is short and plain, or makes one.
HttpRequest to_http_request(const BeastRequest& req, std::string decoded_path, const std::string& remote_ip);

}  // namespace tc::net
