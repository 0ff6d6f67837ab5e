#include "net/beast_request.hpp"

#include <algorithm>
#include <cctype>

#include "core/ids.hpp"
#include "core/text.hpp"
#include "net/query_string.hpp"

namespace tc::net {
namespace {

// A client-chosen request id is logged and echoed: keep it short and free of separators.
bool plain_request_id(const std::string* rid) {
  return rid && !rid->empty() && rid->size() <= 64 && std::all_of(rid->begin(), rid->end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
         });
}

}  // namespace

HttpRequest to_http_request(const BeastRequest& breq, std::string decoded_path, const std::string& remote_ip) {
  HttpRequest req;
  req.method = std::string(breq.method_string());
  req.target = std::string(breq.target());
  req.path = std::move(decoded_path);
  req.query = parse_query(query_of(req.target));
  for (const auto& f : breq) {
    req.headers.emplace_back(core::to_lower_ascii(f.name_string()), std::string(f.value()));
  }
  req.body = breq.body();
  req.remote_ip = remote_ip;
  const auto* rid = req.header("x-request-id");
  req.request_id = plain_request_id(rid) ? *rid : core::random_hex(8);
  return req;
}

}  // namespace tc::net
