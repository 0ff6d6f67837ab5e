#pragma once
// Serves a built single-page app: files under `root`, and index.html for any other GET that is not
// an API path, so client-side routes (/watch/:id) survive a reload.
#include <string>

#include "net/http_message.hpp"

namespace tc::net {

std::string content_type_for(std::string_view path);

// Resolves `url_path` under `root` without escaping it; empty when unsafe or missing.
std::string safe_file_under(const std::string& root, std::string_view url_path);

HttpHandler make_spa_handler(std::string root);

}  // namespace tc::net
