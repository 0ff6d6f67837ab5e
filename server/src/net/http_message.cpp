#include "net/http_message.hpp"

namespace tc::net {
namespace {
const std::string* find(const Fields& f, std::string_view name) {
  for (const auto& [k, v] : f) {
    if (k == name) return &v;
  }
  return nullptr;
}
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

const std::string* HttpRequest::header(std::string_view lower_name) const { return find(headers, lower_name); }
const std::string* HttpRequest::query_param(std::string_view name) const { return find(query, name); }
const std::string& HttpRequest::param(std::string_view name) const {
  static const std::string empty;
  const auto* v = find(params, name);
  return v ? *v : empty;
}

HttpResponse HttpResponse::json(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

HttpResponse HttpResponse::text(int status, std::string body, std::string content_type) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

HttpResponse HttpResponse::send_file(FileRange file) {
  HttpResponse r;
  r.content_type = file.content_type;
  r.file = std::move(file);
  return r;
}

HttpResponse HttpResponse::error(int status, std::string_view code, std::string_view message) {
  std::string body = R"({"error":{"code":")";
  auto append = [&](std::string_view s) {
    for (char c : s) {
      if (c == '"' || c == '\\') body += '\\';
      body += c;
    }
  };
  append(code);
  body += R"(","message":")";
  append(message);
  body += "\"}}";
  return json(status, std::move(body));
}

HttpResponse& HttpResponse::with_header(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

std::optional<std::string> percent_decode(std::string_view s, bool form) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && form) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace tc::net
