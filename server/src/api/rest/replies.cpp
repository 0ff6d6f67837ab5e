#include "api/rest/replies.hpp"

#include <boost/json/serialize.hpp>

#include "core/blocking_pool.hpp"
#include "core/logging.hpp"

namespace tc::api {

int http_status(core::ErrorKind kind) {
  using K = core::ErrorKind;
  switch (kind) {
    case K::invalid:
      return 400;
    case K::unauthenticated:
      return 401;
    case K::forbidden:
      return 403;
    case K::not_found:
      return 404;
    case K::conflict:
      return 409;
    case K::too_large:
      return 413;
    case K::unsupported_media_type:
      return 415;
    case K::rate_limited:
      return 429;
    case K::busy:
      return 503;
    case K::unavailable:
      return 503;
    case K::insufficient_storage:
      return 507;
    case K::internal:
      return 500;
  }
  return 500;
}

net::HttpResponse json_reply(int status, const boost::json::value& body) {
  return net::HttpResponse::json(status, boost::json::serialize(body));
}

net::HttpResponse error_reply(const core::Error& error) {
  auto r =
      json_reply(http_status(error.kind),
                 boost::json::object{{"error", boost::json::object{{"code", error.code}, {"message", error.message}}}});
  if (error.retry_after_s > 0) r.with_header("Retry-After", std::to_string(error.retry_after_s));
  if (error.kind == core::ErrorKind::unauthenticated) r.with_header("WWW-Authenticate", "Bearer");
  return r;
}

net::HttpHandler boundary(net::HttpHandler handler) {
  return [handler = std::move(handler)](net::HttpRequest& req) -> boost::asio::awaitable<net::HttpResponse> {
    std::string failure;
    try {
      co_return co_await handler(req);
    } catch (const core::Refusal& e) {
      // A full pool, a database that does not answer or a full disk: expected, answered as is
      // (the gate logs the database going down and coming back once, not per request).
      co_return error_reply(e.error);
    } catch (const std::exception& e) {
      failure = e.what();
    }
    core::logger("api.rest")
        ->error("msg=\"request failed\" req={} method={} path={} error=\"{}\"", req.request_id, req.method, req.path,
                failure);
    co_return error_reply({core::ErrorKind::internal, "internal", "Internal server error"});
  };
}

}  // namespace tc::api
