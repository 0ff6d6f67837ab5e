#pragma once
// How the REST API answers: JSON bodies, `{error:{code,message}}` for every failure, and the one
// place where exceptions from below turn into replies (boundary()).
#include <boost/json/value.hpp>

#include "core/error.hpp"
#include "net/http_message.hpp"

namespace tc::api {

int http_status(core::ErrorKind kind);
net::HttpResponse json_reply(int status, const boost::json::value& body);
net::HttpResponse error_reply(const core::Error& error);

// Wraps a handler so that an exception becomes a reply: a core::Refusal (PoolFull, DependencyFailed)
// → its own reply (503 server_busy, 503 db_unavailable, 507 storage_full); anything else → 500
// internal (logged with the request id; the message never reaches the client).
net::HttpHandler boundary(net::HttpHandler handler);

}  // namespace tc::api
