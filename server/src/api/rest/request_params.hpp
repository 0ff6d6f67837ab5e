#pragma once
// Query parameters of REST requests, checked where they are read: a bad value is a 400 whose code
// names the parameter, before any work is done.
#include <cstdint>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "net/http_message.hpp"

namespace tc::api {

// ?name= as a whole number from `lo` to `hi`; nullopt when absent.
// Errors: invalid_<name> ("<name> must be <lo> to <hi>").
core::Result<std::optional<int>> int_query(const net::HttpRequest& req, const char* name, int lo, int hi);

// ?name= as a whole number ≥ 0 (epoch ms, a sequence number); nullopt when absent.
// Errors: invalid_<name>.
core::Result<std::optional<int64_t>> non_negative_query(const net::HttpRequest& req, const char* name);

// ?name= as given; nullopt when absent.
std::optional<std::string> string_query(const net::HttpRequest& req, const char* name);

}  // namespace tc::api
