#pragma once
// Expected failures travel as values (Error / Result<T>); exceptions are for bugs and broken
// infrastructure. An Error's code is a stable snake_case string that reaches clients unchanged.
#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace tc::core {

// What kind of failure this is; the API layer maps each kind to one HTTP status.
enum class ErrorKind {
  invalid,                 // 400: the request is malformed or breaks a rule
  unauthenticated,         // 401
  forbidden,               // 403
  not_found,               // 404
  conflict,                // 409
  too_large,               // 413
  unsupported_media_type,  // 415
  rate_limited,            // 429
  busy,                    // 503: a bounded queue is full; retry later
  unavailable,             // 503: a dependency (database) does not answer
  insufficient_storage,    // 507: the server has no space left to write what was asked
  internal,                // 500
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string code;
  std::string message;
  int retry_after_s = 0;       // for rate_limited / busy: when the client may try again
  int64_t retry_after_ms = 0;  // finer, where it matters (chat slow mode); 0 = not given

  static Error invalid(std::string code, std::string message) {
    return {ErrorKind::invalid, std::move(code), std::move(message)};
  }
  static Error not_found(std::string code, std::string message) {
    return {ErrorKind::not_found, std::move(code), std::move(message)};
  }
  static Error forbidden(std::string message) { return {ErrorKind::forbidden, "forbidden", std::move(message)}; }
  static Error conflict(std::string code, std::string message) {
    return {ErrorKind::conflict, std::move(code), std::move(message)};
  }
  static Error unauthenticated(std::string code, std::string message) {
    return {ErrorKind::unauthenticated, std::move(code), std::move(message)};
  }
  static Error rate_limited(int retry_after_s) {
    return {ErrorKind::rate_limited, "rate_limited", "Too many attempts; try again later", retry_after_s};
  }
  static Error busy() { return {ErrorKind::busy, "server_busy", "The server is busy; try again shortly", 1}; }
  // The database does not answer (down, hung, or slower than --db-timeout): nothing was changed
  // that the client cannot safely retry (writes carry idempotency keys or are atomic).
  static Error db_unavailable() {
    return {ErrorKind::unavailable, "db_unavailable", "The database is not answering; try again shortly", 2};
  }
  // The database has no space left: the write was not made.
  static Error storage_full() {
    return {ErrorKind::insufficient_storage, "storage_full", "The server is out of storage; nothing was written", 30};
  }
};

struct Unit {};

// A value or an Error. Small on purpose: std::expected is not in g++ 12's C++20.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(implicit)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(implicit)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }

  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

using Status = Result<Unit>;
inline Status ok_status() { return Unit{}; }

}  // namespace tc::core
